// Applying, or changing an application, through the real action and service: an application already
// shortlisted or decided is not changed, even when the panel shortlists it while the change is being made;
// and an application is never written after another intake's panel gave the applicant a place meanwhile.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { run } from "../../../tests/support/route";
import { apply, setShortlisted } from "../server/applications.server";
import { decide } from "../server/decide.server";
import { apprenticeshipDb } from "../server/db.server";
import { createIntake, intakeById } from "../server/intakes.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const firstAnswers = { statement: "I want to qualify.", currentRole: "Family support worker", serviceMonths: "30", english: "held", maths: "held" };
const changedAnswers = { ...firstAnswers, statement: "A different statement, written after the panel read the first." };

const intake2 = async () => {
  const { id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select("i.id").where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  return (await intakeById(id))!;
};
const applicationOf = async (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("person_id", "=", personId).executeTakeFirstOrThrow();

async function applyAs(account: DemoAccount, answers: Record<string, string>) {
  const page = await import("../routes/apply.$intakeId");
  const intake = await intake2();
  return run(page.action, await requestAs(account, `/programmes/apprenticeship/apply/${intake.id}`, form(answers)), { intakeId: String(intake.id) });
}

/** Runs `change` the moment `work` first reads an application, as another request arriving then would. */
const whenApplicationFirstRead = <T>(change: () => Promise<unknown>, work: () => Promise<T>) => whenFirstRead(/^select .*from "apprenticeship_applications"/is, change, work);

describe("changing an application the panel has shortlisted or decided", () => {
  it("is refused on the apply page, and the application stays as the panel read it", async () => {
    const intake = await intake2();
    expect((await applyAs("asye", firstAnswers)).status).toBe(303);
    const jordan = await applicationOf(await personIdOf("asye"));
    expect(await setShortlisted({ id: jordan.id, personId: jordan.person_id }, intake.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });
    const shortlisted = await applicationOf(jordan.person_id);
    const refused = await applyAs("asye", changedAnswers);
    expect(refused.status).toBe(400);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["apply.errors.decided"] });
    expect(await applicationOf(jordan.person_id)).toEqual(shortlisted);

    expect((await applyAs("serviceManager", firstAnswers)).status).toBe(303);
    const declined = await applicationOf(await personIdOf("serviceManager"));
    expect(await decide(declined, intake, "decline", "Not this time.", SYSTEM)).toEqual({ ok: true, status: undefined });
    const decided = await applicationOf(declined.person_id);
    expect((await applyAs("serviceManager", changedAnswers)).status).toBe(400);
    expect(await applicationOf(declined.person_id)).toEqual(decided);
  });

  it("is not written over a shortlisting made after the application was read as open to change", async () => {
    const intake = await intake2();
    expect((await applyAs("practitioner", firstAnswers)).status).toBe(303);
    const alex = await applicationOf(await personIdOf("practitioner"));
    const shortlist = () => setShortlisted({ id: alex.id, personId: alex.person_id }, intake.cohort_id, true, SYSTEM);
    const changed = { ...changedAnswers, serviceMonths: 30, english: "held" as const, maths: "held" as const };
    await whenApplicationFirstRead(shortlist, () => apply(intake, alex.person_id, changed, { userId: null, personId: alex.person_id }));
    expect((await applicationOf(alex.person_id)).shortlisted).toBe(1);
    // Either the change was refused, or it was written before the shortlisting: never after it.
    const events = await db().selectFrom("audit_events").select("action").where("person_id", "=", alex.person_id).where("action", "in", ["apprenticeship.shortlisted", "apprenticeship.application.updated"]).orderBy("id").execute();
    expect(events.map((e) => e.action).at(-1)).toBe("apprenticeship.shortlisted");
  });
});

/** A new intake open for applications today, starting in some months. */
async function openIntake(name: string) {
  const today = londonToday();
  const id = await createIntake({ name, university: "University of the Midlands", startsOn: plusDays(today, 200), opensOn: plusDays(today, -30), closesOn: plusDays(today, 30), places: 5, criteria: "Values, experience and potential." }, SYSTEM);
  return (await intakeById(id))!;
}

/** Runs `change` the moment `work` first reads the person's places, just after checking they hold none. */
const whenPlacesFirstRead = <T>(change: () => Promise<unknown>, work: () => Promise<T>) => whenFirstRead(/^select .*from "enrolments"/is, change, work);

describe("applying while another intake's panel gives the applicant a place", () => {
  it("is refused, or written before the place was given: never after it", async () => {
    const [first, second] = [await openIntake("Lock test intake A"), await openIntake("Lock test intake B")];
    const personId = await personIdOf("manager");
    const applicant = { userId: null, personId };
    const answers = { ...firstAnswers, serviceMonths: 30, english: "held" as const, maths: "held" as const };
    expect(await apply(first, personId, answers, applicant)).toMatchObject({ ok: true });
    const shortlisted = await apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", first.id).where("person_id", "=", personId).executeTakeFirstOrThrow();
    expect(await setShortlisted({ id: shortlisted.id, personId }, first.cohort_id, true, SYSTEM)).toEqual({ ok: true, changed: true });

    // The panel of intake A offers a place just as the applicant's application to intake B checks they hold none.
    const offer = () => decide(shortlisted, first, "offer", "Welcome.", SYSTEM);
    const result = await whenPlacesFirstRead(offer, () => apply(second, personId, answers, applicant));
    const place = await db().selectFrom("enrolments").select("status").where("id", "=", (await apprenticeshipDb().selectFrom("apprenticeship_applications").select("enrolment_id").where("id", "=", shortlisted.id).executeTakeFirstOrThrow()).enrolment_id!).executeTakeFirstOrThrow();
    expect(place).toEqual({ status: "enrolled" });
    const events = await db().selectFrom("audit_events").select("action").where("person_id", "=", personId).where("action", "in", ["apprenticeship.decision.offer", "apprenticeship.application.submitted"]).orderBy("id").execute();
    if (result.ok) {
      // Written first, so the place came after it: the application was sent by someone holding no place.
      expect(events.map((e) => e.action)).toEqual(["apprenticeship.application.submitted", "apprenticeship.application.submitted", "apprenticeship.decision.offer"]);
    } else {
      expect(result).toEqual({ ok: false, error: "apply.errors.holdsPlace" });
      expect(await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("intake_id", "=", second.id).where("person_id", "=", personId).execute()).toEqual([]);
    }
  });
});
