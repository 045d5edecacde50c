// Every change is audited with what it replaced as well as what it wrote. A manager's changed answer, a
// panel member's second score, a corrected completion (a pass put right as a fail) and practice learning
// saved again were audited with their new values only, so what they replaced was lost; and shortlisting an
// application already on the shortlist wrote a second event, with neither before nor after. Practice
// learning saved unchanged wrote an event whose before was its after: like a completion, it now writes none.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { run } from "../../../tests/support/route";
import * as intakePage from "../routes/intakes.$intakeId";
import { recordScore, recordSupport, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { completionAsShown, saveCompletion } from "../server/completion.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";
import { savePractice } from "../server/progress.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

/** The events with this action about one subject, oldest first, with their before and after read back. */
async function eventsOf(action: string, subjectId: number | string) {
  const rows = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("action", "=", action).where("subject_id", "=", String(subjectId)).orderBy("id").execute();
  return rows.map((row) => ({ before: row.before_json === null ? null : JSON.parse(row.before_json), after: row.after_json === null ? null : JSON.parse(row.after_json) }));
}

/** Intake 2's application the demo seeds at this point: support given or withheld, or scored and waiting for a decision. */
async function seededApplication(stage: "given" | "withheld" | "scored") {
  const query = apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("decision", "is", null).orderBy("id");
  const rows = stage === "scored" ? await query.where("shortlisted", "=", 1).where("id", "in", apprenticeshipDb().selectFrom("apprenticeship_scores").select("application_id")).execute() : await query.where("shortlisted", "=", 0).where("manager_support", "=", stage).execute();
  return rows[0];
}

/** The demo's current apprentices, in order. */
async function apprentices() {
  const rows = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", "apprenticeship").where("e.status", "=", "enrolled").orderBy("e.person_id").execute();
  return rows.map((r) => r.person_id);
}

describe("the manager's support, changed", () => {
  it("keeps the answer and reason it replaces in the event", async () => {
    const application = await seededApplication("withheld");
    expect(application.manager_reason).toBeTruthy();
    expect(await recordSupport(application.id, application.person_id, { support: "given", reason: null, shown: application.updated_at }, SYSTEM)).toEqual({ ok: true });
    const [event] = await eventsOf("apprenticeship.support.given", application.id);
    expect(event.before).toEqual({ manager_support: "withheld", manager_reason: application.manager_reason, manager_id: application.manager_id, manager_decided_at: application.manager_decided_at });
    expect(event.after).toMatchObject({ manager_support: "given", manager_reason: null });

    expect(await recordSupport(application.id, application.person_id, { support: "withheld", reason: "Not until the spring.", shown: application.updated_at }, SYSTEM)).toEqual({ ok: true });
    const [again] = await eventsOf("apprenticeship.support.withheld", application.id);
    expect(again.before).toEqual(event.after);
  });
});

describe("a panel member scoring an application again", () => {
  it("keeps their earlier score in the event, and none for a first score", async () => {
    const application = await seededApplication("scored");
    const ld = { userId: null, personId: await personIdOf("ld") };
    const seeded = await apprenticeshipDb().selectFrom("apprenticeship_scores").select(["values_score", "experience_score", "potential_score", "comment", "scored_at"]).where("application_id", "=", application.id).where("panel_member_id", "=", ld.personId).executeTakeFirstOrThrow();
    expect(await recordScore(application.id, application.person_id, { values: 1, experience: 2, potential: 1, comment: "Rescored after the interview." }, ld)).toEqual({ ok: true });
    const [rescored] = await eventsOf("apprenticeship.scored", application.id);
    expect(rescored.before).toEqual(seeded);
    expect(rescored.after).toMatchObject({ values_score: 1, experience_score: 2, potential_score: 1, comment: "Rescored after the interview." });

    // Another member's first score replaces nothing of theirs.
    const admin = { userId: null, personId: await personIdOf("admin") };
    expect(await recordScore(application.id, application.person_id, { values: 4, experience: 4, potential: 4, comment: null }, admin)).toEqual({ ok: true });
    expect((await eventsOf("apprenticeship.scored", application.id))[1].before).toBeNull();
  });
});

/** The person's completion as a page drawn now shows it. */
const completionShown = async (personId: number) => completionAsShown(await apprenticeshipDb().selectFrom("apprenticeship_completions").select("updated_at").where("person_id", "=", personId).executeTakeFirst());

describe("a completion corrected", () => {
  it("keeps the outcome it replaces (a pass put right as a fail), and writes nothing when nothing changed", async () => {
    const [personId] = await apprentices();
    const pass = { gatewayOn: "2026-05-01", degreeOutcome: "pass", degreeOn: "2026-06-01", registeredOn: null, registrationNumber: null };
    await saveCompletion(personId, pass, SYSTEM, await completionShown(personId));
    const fail = { ...pass, degreeOutcome: "fail" };
    await saveCompletion(personId, fail, SYSTEM, await completionShown(personId));
    const events = await eventsOf("apprenticeship.completion.saved", personId);
    expect(events.map((e) => e.before)).toEqual([null, { gateway_on: "2026-05-01", degree_outcome: "pass", degree_on: "2026-06-01", registered_on: null, registration_number: null }]);
    expect(events[1].after).toMatchObject({ degree_outcome: "fail" });
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.completion.cpd_removed").where("person_id", "=", personId).execute()).toHaveLength(1);

    // The same form sent again: no second event, and the completion is not touched.
    const stored = await apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow();
    await saveCompletion(personId, fail, SYSTEM, await completionShown(personId));
    expect(await eventsOf("apprenticeship.completion.saved", personId)).toHaveLength(2);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow()).toEqual(stored);
  });

  it("writes nothing for an empty form where no completion was recorded", async () => {
    const personId = (await apprentices())[1];
    await saveCompletion(personId, { gatewayOn: null, degreeOutcome: null, degreeOn: null, registeredOn: null, registrationNumber: null }, SYSTEM, await completionShown(personId));
    expect(await eventsOf("apprenticeship.completion.saved", personId)).toEqual([]);
    expect(await apprenticeshipDb().selectFrom("apprenticeship_completions").select("person_id").where("person_id", "=", personId).execute()).toEqual([]);
  });
});

const PRACTICE_COLUMNS = ["starts_on", "ends_on", "setting", "practice_educator", "days_completed"] as const;
const practiceRow = async (personId: number, kind: "skills_days" | "placement_70") =>
  apprenticeshipDb().selectFrom("apprenticeship_practice").select(PRACTICE_COLUMNS).where("person_id", "=", personId).where("kind", "=", kind).executeTakeFirstOrThrow();

describe("practice learning saved again", () => {
  it("keeps the dates, setting, educator and days it replaces in the event", async () => {
    const [personId] = await apprentices();
    const seeded = await practiceRow(personId, "skills_days");
    await savePractice(personId, "skills_days", { startsOn: "2026-01-05", endsOn: "2026-02-27", setting: "Referral and assessment", practiceEducator: "A. Educator", daysCompleted: 12 }, SYSTEM);
    const [event] = await eventsOf("apprenticeship.practice.saved", `${personId}:skills_days`);
    expect(event.before).toEqual(seeded);
    expect(event.after).toEqual({ starts_on: "2026-01-05", ends_on: "2026-02-27", setting: "Referral and assessment", practice_educator: "A. Educator", days_completed: 12 });
  });

  it("keeps what each of two saves at once replaced: the second's before is the first's after", async () => {
    const personId = (await apprentices())[2];
    const seeded = await practiceRow(personId, "placement_70");
    const values = (setting: string) => ({ startsOn: "2026-01-05", endsOn: "2026-04-24", setting, practiceEducator: "Sam Hughes", daysCompleted: 40 });
    // A colleague saves the same placement just after this save first reads it.
    await whenFirstRead(/from "apprenticeship_practice"/i, () => savePractice(personId, "placement_70", values("Colleague's setting"), SYSTEM), () => savePractice(personId, "placement_70", values("Mine"), SYSTEM));
    const events = await eventsOf("apprenticeship.practice.saved", `${personId}:placement_70`);
    expect(events).toHaveLength(2);
    expect(events[0].before).toEqual(seeded);
    expect(events[1].before).toEqual(events[0].after);
    expect(await practiceRow(personId, "placement_70")).toEqual(events[1].after);
  });

  it("writes nothing and no event when nothing changed, as a completion saved again does", async () => {
    const personId = (await apprentices())[1];
    const seeded = await practiceRow(personId, "skills_days");
    const asSent = (row: typeof seeded) => ({ startsOn: row.starts_on, endsOn: row.ends_on, setting: row.setting, practiceEducator: row.practice_educator, daysCompleted: row.days_completed });
    // The form sent as it was loaded: no event whose before is its after.
    await savePractice(personId, "skills_days", asSent(seeded), SYSTEM);
    expect(await eventsOf("apprenticeship.practice.saved", `${personId}:skills_days`)).toEqual([]);

    const changed = { ...seeded, days_completed: seeded.days_completed + 5 };
    await savePractice(personId, "skills_days", asSent(changed), SYSTEM);
    await savePractice(personId, "skills_days", asSent(changed), SYSTEM);
    expect(await eventsOf("apprenticeship.practice.saved", `${personId}:skills_days`)).toEqual([{ before: seeded, after: changed }]);
    expect(await practiceRow(personId, "skills_days")).toEqual(changed);
  });
});

describe("shortlisting", () => {
  const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

  it("audits before and after, and a resend is done all the same with no second event", async () => {
    const application = await seededApplication("given");
    const intake = (await intakeById(application.intake_id))!;
    const path = `/programmes/apprenticeship/intakes/${intake.id}`;
    const shortlist = async (value: "1" | "0") => run(intakePage.action, await requestAs("ld", path, form({ application: String(application.id), shortlist: value })), { intakeId: String(intake.id) });
    expect((await shortlist("1")).status).toBe(303);
    expect((await shortlist("1")).status).toBe(303);
    expect(await eventsOf("apprenticeship.shortlisted", application.id)).toEqual([{ before: { shortlisted: 0 }, after: { shortlisted: 1 } }]);

    const who = { id: application.id, personId: application.person_id };
    expect(await setShortlisted(who, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: false });
    expect(await setShortlisted(who, intake.cohort_id, false, SYSTEM)).toEqual({ ok: true, changed: true });
    expect(await setShortlisted(who, intake.cohort_id, false, SYSTEM)).toEqual({ ok: true, changed: false });
    expect(await eventsOf("apprenticeship.shortlisted", application.id)).toHaveLength(1);
    expect(await eventsOf("apprenticeship.unshortlisted", application.id)).toEqual([{ before: { shortlisted: 1 }, after: { shortlisted: 0 } }]);
  });

  it("is still refused once the application is decided", async () => {
    const application = await seededApplication("given");
    const intake = (await intakeById(application.intake_id))!;
    expect(await decide(application, intake, "decline", "Not this time.", SYSTEM)).toMatchObject({ ok: true });
    expect(await setShortlisted({ id: application.id, personId: application.person_id }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: false, reason: "decided" });
    const sent = await run(intakePage.action, await requestAs("ld", `/programmes/apprenticeship/intakes/${intake.id}`, form({ application: String(application.id), shortlist: "0" })), { intakeId: String(intake.id) });
    expect(sent.status).toBe(409);
  });
});
