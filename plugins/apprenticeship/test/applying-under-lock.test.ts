// Applying, or changing an application, through the real action and service: an application already
// shortlisted or decided is not changed, even when the panel shortlists it while the change is being made.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { run } from "../../../tests/support/route";
import { apply, decide, setShortlisted } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { intakeById } from "../server/intakes.server";

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
