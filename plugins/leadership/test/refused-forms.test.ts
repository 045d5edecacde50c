// A Level 5 form the server refuses must come back with what was typed, each error on the field it is
// about, and nothing stored, so a page rendered without JavaScript shows the entries again beside
// their errors. What the pages render from these replies is checked in a browser.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { COHORT_FIELD_ORDER, EMPLOYEE_NUMBER_MAX } from "../cohort-form";
import { unitTitlesShown } from "../guided-learning-form";
import { PLUGIN_ID } from "../programme";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as bulk from "../routes/cohorts.$cohortId.bulk";
import * as confirmLearning from "../routes/cohorts.$cohortId.learning";
import * as newCohort from "../routes/cohorts.new";
import * as editSession from "../routes/sessions.$sessionId.edit";
import * as settings from "../routes/settings";
import * as team from "../routes/team";
import { MAX_BULK } from "../server/bulk.server";
import { leadershipDb } from "../server/progress.server";
import { leadershipSettings } from "../server/settings.server";
import { cohortNamed, employeeOf, form, learnerOnCohortOne, meetEveryRequirement, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

const GOOD_COHORT = { name: "Refused forms", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "10", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" };

const cohortsCalled = async (name: string) => db().selectFrom("cohorts").select("id").where("name", "=", name).execute();

const storedResults = (enrolmentId: number) => leadershipDb().selectFrom("leadership_unit_results").selectAll().where("enrolment_id", "=", enrolmentId).orderBy("unit_id").execute();

describe("a learner's unit result", () => {
  it("comes back as typed, for the unit sent, with each error on its field, and stores nothing", async () => {
    const learner = await learnerOnCohortOne();
    const before = await storedResults(learner.enrolment.id);
    const unit = learner.units[1];
    const refused = await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2100-01-01", result: "", feedback: "Strong on supervision, thin on budgets" });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({
      ok: false,
      form: "unit",
      unit: unit.id,
      errors: { submittedOn: ["learning.errors.future"], result: ["learner.errors.result"] },
      values: { submittedOn: "2100-01-01", result: "", feedback: "Strong on supervision, thin on budgets" },
    });
    expect(await storedResults(learner.enrolment.id)).toEqual(before);
  });

  it("says a unit that is not the programme's is wrong without naming a field the page does not have", async () => {
    const learner = await learnerOnCohortOne();
    const before = await storedResults(learner.enrolment.id);
    const unknown = await learner.post({ intent: "unit", unit: "999999", submittedOn: "2026-10-01", result: "pass", feedback: "Kept" });
    expect(unknown.status).toBe(400);
    expect(unknown.data).toEqual({ ok: false, form: "unit", unit: 999999, errors: {}, formError: "learner.errors.unit", values: { submittedOn: "2026-10-01", result: "pass", feedback: "Kept" } });
    const notANumber = await learner.post({ intent: "unit", unit: "first", submittedOn: "2026-10-01", result: "pass" });
    expect(notANumber.data).toMatchObject({ ok: false, errors: {}, formError: "learner.errors.unit", values: { submittedOn: "2026-10-01", result: "pass", feedback: "" } });
    expect(await storedResults(learner.enrolment.id)).toEqual(before);
  });

  // PostgreSQL's integer column cannot hold 3000000000: looked up as it was, it failed with an error page.
  it("refuses a unit number too large to be any unit's as it refuses an unknown one", async () => {
    const learner = await learnerOnCohortOne();
    const before = await storedResults(learner.enrolment.id);
    const tooLarge = await learner.post({ intent: "unit", unit: "3000000000", submittedOn: "2026-10-01", result: "pass", feedback: "Kept" });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.data).toEqual({ ok: false, form: "unit", errors: {}, formError: "learner.errors.unit", values: { submittedOn: "2026-10-01", result: "pass", feedback: "Kept" } });
    expect(await storedResults(learner.enrolment.id)).toEqual(before);
  });
});

describe("a learner's completion", () => {
  const completions = (enrolmentId: number) => leadershipDb().selectFrom("leadership_completions").selectAll().where("enrolment_id", "=", enrolmentId).execute();

  it("comes back as typed when a number is badly formed, and records nothing", async () => {
    const learner = await learnerOnCohortOne();
    const refused = await learner.post({ intent: "complete", ilmRegistration: "x", certificateNumber: "" });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({
      ok: false,
      form: "completion",
      errors: { ilmRegistration: ["learner.errors.code"], certificateNumber: ["learner.errors.certificateRequired"] },
      values: { ilmRegistration: "x", certificateNumber: "" },
    });
    expect(await completions(learner.enrolment.id)).toEqual([]);
  });

  it("puts a certificate number someone else holds beside that field, keeps both numbers, and records nothing", async () => {
    const learner = await learnerOnCohortOne();
    const other = await db().selectFrom("enrolments").select("id").where("status", "=", "enrolled").where("id", "<>", learner.enrolment.id).executeTakeFirstOrThrow();
    await leadershipDb().insertInto("leadership_completions").values({ enrolment_id: other.id, completed_on: "2026-09-01", ilm_registration: "ILM-900", certificate_number: "CERT-TAKEN", recorded_by: null }).execute();
    await meetEveryRequirement(learner);
    const refused = await learner.post({ intent: "complete", ilmRegistration: "ILM-901", certificateNumber: "CERT-TAKEN" });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, form: "completion", errors: { certificateNumber: ["learner.errors.certificateTaken"] }, values: { ilmRegistration: "ILM-901", certificateNumber: "CERT-TAKEN" } });
    expect(await completions(learner.enrolment.id)).toEqual([]);
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", learner.enrolment.id).executeTakeFirstOrThrow()).status).toBe("enrolled");
  });
});

describe("the programme rules", () => {
  it("shows edited unit titles as typed when another field is refused, and saves neither", async () => {
    const path = "/programmes/leadership/settings";
    const page = (await run(settings.loader, await requestAs("ld", path))).data as { current: Record<string, string>; units: { id: number; title: string }[] };
    const [edited, untouched] = page.units;
    const refused = await run(settings.action, await requestAs("ld", path, form({ ...page.current, requiredSessions: "0", [`unit-${edited.id}`]: "Leading change, renamed", [`unit-${untouched.id}`]: untouched.title })));
    expect(refused.status).toBe(400);
    const reply = refused.data as { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error).toEqual({ requiredSessions: ["settings.errors.requiredSessions"] });
    expect(reply.initialValue).toMatchObject({ requiredSessions: "0" });
    expect(unitTitlesShown(page.units, reply).slice(0, 2)).toEqual([{ ...edited, title: "Leading change, renamed" }, untouched]);
    const after = (await run(settings.loader, await requestAs("ld", path))).data as typeof page;
    expect(after).toEqual(page);
  });

  it("shows the saved titles again once the rules are saved", async () => {
    const page = (await run(settings.loader, await requestAs("ld", "/programmes/leadership/settings"))).data as { units: { id: number; title: string }[] };
    expect(unitTitlesShown(page.units, { status: "success", initialValue: null })).toEqual(page.units);
    expect(unitTitlesShown(page.units, undefined)).toEqual(page.units);
  });
});

describe("a manager booking a place for their team", () => {
  const path = "/programmes/leadership/team";
  const bookings = async () => (await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.booked_by_manager").execute()).length;

  it("keeps the chosen cohort when the person is refused, with the error on the employee number", async () => {
    const { id: cohort2 } = await cohortNamed("Cohort 2");
    const before = await bookings();
    const outsider = await employeeOf(await personIdOf("ld"));
    const refused = await run(team.action, await requestAs("manager", path, form({ employee: outsider, cohort: String(cohort2) })));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: "team.errors.notInTeam", field: "employee", values: { employee: outsider, cohort: String(cohort2) } });
    const missing = await run(team.action, await requestAs("manager", path, form({ employee: "", cohort: String(cohort2) })));
    expect(missing.data).toEqual({ ok: false, error: "team.errors.employeeRequired", field: "employee", values: { employee: "", cohort: String(cohort2) } });
    expect(await bookings()).toBe(before);
  });

  it("puts errors about the cohort on the cohort, keeping the employee number", async () => {
    const before = await bookings();
    const supervisor = await db().selectFrom("people").select("employee_number").where("line_manager_id", "=", await personIdOf("manager")).where("role_category", "=", "practice_supervisor").executeTakeFirstOrThrow();
    const noCohort = await run(team.action, await requestAs("manager", path, form({ employee: supervisor.employee_number, cohort: "999999" })));
    expect(noCohort.status).toBe(400);
    expect(noCohort.data).toEqual({ ok: false, error: "common:enrolment.errors.noCohort", field: "cohort", values: { employee: supervisor.employee_number, cohort: "999999" } });
    const unchosen = await run(team.action, await requestAs("manager", path, form({ employee: supervisor.employee_number, cohort: "" })));
    expect(unchosen.data).toEqual({ ok: false, error: "team.errors.cohortRequired", field: "cohort", values: { employee: supervisor.employee_number, cohort: "" } });
    // A cohort the person already holds a place on is refused by the enrolment rules, also about the cohort.
    const { id: cohort2 } = await cohortNamed("Cohort 2");
    // One place a person: any place the demo or an earlier test gave them is given up first.
    await withoutLevel5Places((await db().selectFrom("people").select("id").where("employee_number", "=", supervisor.employee_number).executeTakeFirstOrThrow()).id);
    expect((await run(team.action, await requestAs("manager", path, form({ employee: supervisor.employee_number, cohort: String(cohort2) })))).data).toMatchObject({ ok: true });
    const again = await run(team.action, await requestAs("manager", path, form({ employee: supervisor.employee_number, cohort: String(cohort2) })));
    expect(again.data).toEqual({ ok: false, error: "common:enrolment.errors.already", field: "cohort", values: { employee: supervisor.employee_number, cohort: String(cohort2) } });
    expect(await bookings()).toBe(before + 1);
  });
});

describe("a changed session", () => {
  // Two hours on from 23:00 on 31 December 9999 is in the year 10000, which broke the sessions' check
  // that a session ends after it starts, with an error page.
  it("refuses a date too far ahead beside the date, and changes nothing", async () => {
    const { id } = await cohortNamed("Cohort 2");
    const session = await db().selectFrom("cohort_sessions").selectAll().where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/sessions/${session.id}/edit`;
    const params = { sessionId: String(session.id) };
    const { shown } = (await run(editSession.loader, await requestAs("ld", path), params)).data as { shown: string };
    const refused = await run(editSession.action, await requestAs("ld", path, form({ title: session.title, date: "9999-12-31", time: "23:00", durationMinutes: "120", status: "scheduled", shown })), params);
    expect(refused.status).toBe(400);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error).toEqual({ date: ["cohorts.errors.date"] });
    expect(reply.initialValue).toMatchObject({ date: "9999-12-31", time: "23:00" });
    expect(await db().selectFrom("cohort_sessions").selectAll().where("id", "=", session.id).executeTakeFirstOrThrow()).toEqual(session);
  });
});

/** What the bulk page's preview of a filter showed, which its form sends back. */
async function previewShown(path: string, cohortId: number, query: string) {
  const page = await run(bulk.loader, await requestAs("ld", `${path}?preview=1&${query}`), { cohortId: String(cohortId) });
  return (page.data as { preview: { shown: string } }).preview.shown;
}

/** A new locality with one team of more people than a bulk enrolment takes. */
async function localityTooLargeToEnrol() {
  const [locality] = await db().insertInto("org_units").values({ code: "CROWDED", name: "Crowded", kind: "locality", parent_id: null }).returning("id").execute();
  const [crowd] = await db().insertInto("org_units").values({ code: "CROWDED-TEAM", name: "Crowded team", kind: "team", parent_id: locality.id }).returning("id").execute();
  const people = Array.from({ length: MAX_BULK + 1 }, (_, i) => newPerson({ employee_number: `CROWD-${i}`, given_name: "Crowd", family_name: `Member ${i}`, email: `crowd${i}@example.test`, team_id: crowd.id }, { role_category: "team_manager" }));
  for (let i = 0; i < people.length; i += 500) await db().insertInto("people").values(people.slice(i, i + 500)).execute();
  return locality.id;
}

/** A new person whose employee number is as long as the staff import allows, 20 characters. */
async function personWithLongestEmployeeNumber(employee: string, rest: Parameters<typeof newPerson>[1]) {
  const number = employee.padEnd(EMPLOYEE_NUMBER_MAX, "0");
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const [person] = await db().insertInto("people").values(newPerson({ employee_number: number, given_name: "Long", family_name: "Number", email: `${number.toLowerCase()}@example.test`, team_id: team.id }, rest)).returning("id").execute();
  return { id: person.id, employee: number };
}

describe("enrolling by filter", () => {
  it("keeps the typed reason when the enrolment is refused, and enrols nobody", async () => {
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...GOOD_COHORT, name: "Refused bulk" })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("Refused bulk");
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/cohorts/${id}/bulk`;
    // Every North team manager already has a place or request, so this filter finds nobody (and the page
    // offers no enrolment: this is what it shows, sent anyway).
    const shown = await previewShown(path, id, `role=team_manager&locality=${north.id}&without=yes`);
    const refused = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "team_manager", locality: String(north.id), without: "yes", reason: "Acting up while the post is vacant", shown })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ kind: "error", error: "bulk.errors.nobody", values: { reason: "Acting up while the post is vacant" } });
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).execute()).toEqual([]);
  });

  // A page that finds too many offers no enrolment: this is what it shows, sent anyway.
  it("says how many people it takes at most when more match, in both languages, and enrols nobody", async () => {
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...GOOD_COHORT, name: "Crowded bulk" })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("Crowded bulk");
    const locality = await localityTooLargeToEnrol();
    const path = `/programmes/leadership/cohorts/${id}/bulk`;
    const shown = await previewShown(path, id, `role=team_manager&locality=${locality}`);
    const refused = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "team_manager", locality: String(locality), shown })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    const outcome = refused.data as { error: string; errorValues?: Record<string, string> };
    expect(outcome).toEqual({ kind: "error", error: "bulk.errors.tooMany", errorValues: { max: "2,000" }, values: { reason: "" } });
    expect(fixedT("en-GB", PLUGIN_ID)(outcome.error, outcome.errorValues)).toBe("There are more than 2,000 people: split them into smaller groups");
    expect(fixedT("cy", PLUGIN_ID)(outcome.error, outcome.errorValues)).toBe("Mae mwy na 2,000 o bobl: rhannwch nhw'n grwpiau llai");
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).execute()).toEqual([]);
  });
});

describe("a new cohort", () => {
  it("refuses a cadence and an approval answer it does not know, each on its field and in the summary's order, and creates nothing", async () => {
    const refused = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...GOOD_COHORT, requiresManagerApproval: "maybe", cadence: "daily" })));
    expect(refused.status).toBe(400);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(Object.keys(reply.error).sort()).toEqual(["cadence", "requiresManagerApproval"]);
    expect(reply.error.cadence).toEqual(["cohorts.errors.cadence"]);
    expect(reply.error.requiresManagerApproval).toEqual(["cohorts.errors.approval"]);
    expect(reply.initialValue).toMatchObject({ name: GOOD_COHORT.name, requiresManagerApproval: "maybe", cadence: "daily" });
    // The page's summary lists fields in this order: an error on a field missing from it shows nowhere there.
    for (const field of Object.keys(reply.error)) expect(COHORT_FIELD_ORDER).toContain(field);
    expect(await cohortsCalled(GOOD_COHORT.name)).toEqual([]);
  });

  // Sessions past the last topic were titled "Session 17", in English on the Welsh pages too.
  it("refuses more sessions than the programme has topics beside the number, keeping it, and creates nothing", async () => {
    const path = "/programmes/leadership/cohorts/new";
    const { topics } = await leadershipSettings();
    const page = (await run(newCohort.loader, await requestAs("ld", path))).data as { topicCount: number };
    expect(page.topicCount).toBe(topics.length);
    const tooMany = String(topics.length + 1);
    const refused = await run(newCohort.action, await requestAs("ld", path, form({ ...GOOD_COHORT, name: "One session too many", sessionCount: tooMany })));
    expect(refused.status).toBe(400);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error).toEqual({ sessionCount: ["cohortForm.errors.moreSessionsThanTopics"] });
    expect(reply.initialValue).toMatchObject({ name: "One session too many", sessionCount: tooMany });
    expect(fixedT("en-GB", PLUGIN_ID)("cohortForm.errors.moreSessionsThanTopics")).toBe("A Level 5 cohort cannot have more sessions than the programme rules have session topics: enter fewer sessions, or add topics in the programme rules");
    expect(fixedT("cy", PLUGIN_ID)("cohortForm.hints.sessionCountUpTo", { most: 16 })).toBe("Dim mwy na 16: mae gan garfan Lefel 5 un sesiwn a addysgir ar gyfer pob pwnc sesiwn yn rheolau'r rhaglen");
    expect(await cohortsCalled("One session too many")).toEqual([]);
  });

  it("titles every session of a cohort with as many sessions as topics by its topic", async () => {
    const { topics } = await leadershipSettings();
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...GOOD_COHORT, name: "One session a topic", cadence: "weekly", sessionCount: String(topics.length) })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("One session a topic");
    const titles = await db().selectFrom("cohort_sessions").select("title").where("cohort_id", "=", id).orderBy("sequence").execute();
    expect(titles.map((s) => s.title)).toEqual(topics);
  });

  it("lists every field of the form in the summary's order, as the page shows them", async () => {
    const everyError = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ requiresManagerApproval: "maybe", cadence: "daily", onlineUrl: "http://x", enrolmentOpensOn: "x", enrolmentClosesOn: "x", venue: "v".repeat(201) })));
    const fields = Object.keys((everyError.data as { error: Record<string, string[]> }).error);
    expect([...fields].sort()).toEqual([...COHORT_FIELD_ORDER].sort());
  });
});

describe("over-long text", () => {
  const tooLong = (max: number) => "r".repeat(max + 1);

  it("refuses an enrolment reason over 500 characters beside the field, keeping both fields, and enrols nobody; 500 are kept whole", async () => {
    const { id } = await cohortNamed("Cohort 2");
    const path = `/programmes/leadership/cohorts/${id}`;
    const practitioner = await personIdOf("practitioner");
    const employee = await employeeOf(practitioner);
    const refused = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee, override: tooLong(500) })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, field: "override", error: "leadership:cohort.errors.overrideTooLong", values: { employee, override: tooLong(500) } });
    expect(fixedT("en-GB", PLUGIN_ID)("leadership:cohort.errors.overrideTooLong")).toBe("The reason must be 500 characters or fewer");
    const place = () => db().selectFrom("enrolments").select("override_reason").where("cohort_id", "=", id).where("person_id", "=", practitioner).execute();
    expect(await place()).toEqual([]);
    const kept = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee, override: "k".repeat(500) })), { cohortId: String(id) });
    expect(kept.status).toBe(200);
    expect(await place()).toEqual([{ override_reason: "k".repeat(500) }]);
  });

  // Cut to its first 20 characters, a mistyped number enrolled or booked whoever holds those 20.
  it("refuses an employee number over 20 characters beside the field, keeping it as typed, rather than enrolling whoever holds its first 20", async () => {
    const { id } = await cohortNamed("Cohort 2");
    const path = `/programmes/leadership/cohorts/${id}`;
    const holder = await personWithLongestEmployeeNumber("LONG-NUMBER-ENROLLED", {});
    const typed = `${holder.employee}7`;
    const refused = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee: typed, override: "Acting up" })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, field: "employee", error: "leadership:cohort.errors.employeeTooLong", values: { employee: typed, override: "Acting up" } });
    expect(fixedT("en-GB", PLUGIN_ID)("leadership:cohort.errors.employeeTooLong")).toBe("The employee number must be 20 characters or fewer");
    expect(fixedT("cy", PLUGIN_ID)("leadership:cohort.errors.employeeTooLong")).toBe("Rhaid i'r rhif cyflogai fod yn 20 nod neu lai");
    expect(await db().selectFrom("enrolments").select("id").where("person_id", "=", holder.id).execute()).toEqual([]);
  });

  it("refuses a manager's booking for an employee number over 20 characters beside the field, keeping both fields, and books nobody", async () => {
    const { id: cohort2 } = await cohortNamed("Cohort 2");
    const manager = await personIdOf("manager");
    const holder = await personWithLongestEmployeeNumber("LONG-NUMBER-BOOKED", { line_manager_id: manager, role_category: "practice_supervisor" });
    const typed = `${holder.employee}7`;
    const refused = await run(team.action, await requestAs("manager", "/programmes/leadership/team", form({ employee: typed, cohort: String(cohort2) })));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: "cohort.errors.employeeTooLong", field: "employee", values: { employee: typed, cohort: String(cohort2) } });
    expect(await db().selectFrom("enrolments").select("id").where("person_id", "=", holder.id).execute()).toEqual([]);
  });

  it("refuses a bulk enrolment reason over 500 characters beside the field, and enrols nobody", async () => {
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...GOOD_COHORT, name: "Long reason bulk" })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("Long reason bulk");
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/cohorts/${id}/bulk`;
    const shown = await previewShown(path, id, `role=social_worker&locality=${north.id}`);
    const refused = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "social_worker", locality: String(north.id), reason: tooLong(500), shown })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ kind: "error", error: "bulk.errors.reasonTooLong", field: "reason", values: { reason: tooLong(500) } });
    expect(fixedT("cy", PLUGIN_ID)("bulk.errors.reasonTooLong")).toBe("Rhaid i'r rheswm fod yn 500 nod neu lai");
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).execute()).toEqual([]);
  });

  it("refuses a unit title cleared or over 200 characters beside that unit, and saves nothing", async () => {
    const path = "/programmes/leadership/settings";
    const page = (await run(settings.loader, await requestAs("ld", path))).data as { current: Record<string, string>; units: { id: number; title: string }[] };
    const [cleared, long] = page.units;
    const refused = await run(settings.action, await requestAs("ld", path, form({ ...page.current, [`unit-${cleared.id}`]: "  ", [`unit-${long.id}`]: tooLong(200) })));
    expect(refused.status).toBe(400);
    const reply = refused.data as { error: Record<string, string[]>; initialValue: Record<string, unknown> };
    expect(reply.error).toEqual({ [`unit-${cleared.id}`]: ["settings.errors.unitRequired"], [`unit-${long.id}`]: ["settings.errors.unitTooLong"] });
    expect(unitTitlesShown(page.units, { status: "error", initialValue: reply.initialValue })[1].title).toBe(tooLong(200));
    expect(fixedT("en-GB", PLUGIN_ID)("settings.errors.unitRequired")).toBe("Enter a title for the unit: a unit cannot be left without one");
    expect((await run(settings.loader, await requestAs("ld", path))).data).toEqual(page);
  });

  it("says the assessor feedback is too long, not 'what you learned', in both languages", async () => {
    const learner = await learnerOnCohortOne();
    const before = await storedResults(learner.enrolment.id);
    const refused = await learner.post({ intent: "unit", unit: String(learner.units[0].id), submittedOn: "2026-10-01", result: "pass", feedback: "f".repeat(2001) });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string[]> }).errors).toEqual({ feedback: ["learner.errors.feedbackTooLong"] });
    expect(fixedT("en-GB", PLUGIN_ID)("learner.errors.feedbackTooLong")).toBe("The assessor feedback must be 2,000 characters or fewer");
    expect(fixedT("cy", PLUGIN_ID)("learner.errors.feedbackTooLong")).toBe("Rhaid i adborth yr asesydd fod yn 2,000 nod neu lai");
    expect(await storedResults(learner.enrolment.id)).toEqual(before);
  });
});

describe("confirming guided learning with nothing ticked", () => {
  it("is an error about the entries, not a success that confirmed none", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const path = `/programmes/leadership/cohorts/${id}/learning`;
    const waitingBefore = ((await run(confirmLearning.loader, await requestAs("ld", path), { cohortId: String(id) })).data as { entries: unknown[] }).entries;
    const refused = await run(confirmLearning.action, await requestAs("ld", path, form({ intent: "selected" })), { cohortId: String(id) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "confirmLearning.errors.noneSelected" });
    expect(fixedT("en-GB", PLUGIN_ID)("confirmLearning.errors.noneSelected")).toBe("Select at least one entry to confirm");
    expect(((await run(confirmLearning.loader, await requestAs("ld", path), { cohortId: String(id) })).data as { entries: unknown[] }).entries).toEqual(waitingBefore);
  });
});
