// Training delivered before an apprentice was withdrawn is still paid for from the levy: someone who left a
// place that had made them an apprentice (given by L&D, or an offer they accepted), after its intake started,
// is offered on /funding's payment form, named as having left, and a payment for them is recorded. Anyone
// else stays refused: a reserve or an unaccepted offer withdrawn (never trained), someone who left before
// the intake started, and someone never on the programme. Through the real withdrawal page and the funding
// page's loader and action, on a migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run, type Outcome } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as funding from "../routes/funding";
import * as withdrawPage from "../routes/places.$enrolmentId.withdraw";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";

beforeAll(seedDemo);

const today = londonToday();
const FUNDING = `/programmes/${PLUGIN_ID}/funding`;
const withdrawPath = (enrolmentId: number) => `/programmes/${PLUGIN_ID}/places/${enrolmentId}/withdraw`;

type Payee = { value: number; label: string };
const payeesListed = async (lng = "en-GB") => ((await run(funding.loader, await requestAs("ld", `${FUNDING}?lng=${lng}`))).data as { apprentices: Payee[] }).apprentices;
const pay = async (personId: number, amount = "250.00") => run(funding.action, await requestAs("ld", FUNDING, { method: "POST", body: new URLSearchParams({ kind: "payment", occurredOn: today, amount, person: String(personId) }) }));
const paymentsFor = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["amount_pence", "occurred_on"]).where("kind", "=", "payment").where("person_id", "=", personId).execute();
const nameOf = async (personId: number) => {
  const p = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", personId).executeTakeFirstOrThrow();
  return `${p.given_name} ${p.family_name}`;
};

/** L&D withdraw the place through its confirmation page, as its form sends it. */
async function withdrawThroughPage(enrolmentId: number, reason: string) {
  const params = { enrolmentId: String(enrolmentId) };
  const { shown } = (await run(withdrawPage.loader, await requestAs("ld", withdrawPath(enrolmentId)), params)).data as { shown: string };
  const done = await run(withdrawPage.action, await requestAs("ld", withdrawPath(enrolmentId), { method: "POST", body: new URLSearchParams({ reason, shown }) }), params);
  expect(done.status).toBe(303);
}

const placeOn = async (intake: string, personId: number) =>
  (await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.id").where("c.name", "=", intake).where("e.person_id", "=", personId).executeTakeFirstOrThrow()).id;

const expectRefused = (answer: Outcome) => {
  expect(answer.status).toBe(400);
  expect((answer.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ person: ["funding.errors.person"] });
};

describe("an apprentice withdrawn once their intake started", () => {
  it("is offered as a payee, named as having left, and a payment for training before they left is recorded", async () => {
    const apprentice = (await apprentices()).find((a) => a.cohort === "Intake 1")!;
    const before = (await paymentsFor(apprentice.personId)).length;
    await withdrawThroughPage(await placeOn("Intake 1", apprentice.personId), "Left the council's employment.");
    expect((await apprentices()).map((a) => a.personId)).not.toContain(apprentice.personId);

    expect((await payeesListed()).filter((p) => p.value === apprentice.personId)).toEqual([{ value: apprentice.personId, label: `${apprentice.name} (left)` }]);
    expect((await payeesListed("cy")).find((p) => p.value === apprentice.personId)!.label).toBe(`${apprentice.name} (wedi gadael)`);

    const paid = await pay(apprentice.personId, "1,234.56");
    expect(paid.status).toBe(303);
    expect(paid.headers.get("Location")).toBe(`${FUNDING}?saved=1`);
    const payments = await paymentsFor(apprentice.personId);
    expect(payments).toHaveLength(before + 1);
    expect(payments).toContainEqual({ amount_pence: 123_456, occurred_on: today });
  });
});

describe("a payment for anyone else", () => {
  it("is refused for a reserve withdrawn from a started intake, who was never an apprentice", async () => {
    // A reserve on the started intake, from a shortlisted applicant's application, then withdrawn.
    const personId = await personIdOf("asye");
    const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 1").executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    const [place] = await db().insertInto("enrolments").values({ cohort_id: intake.cohort_id, person_id: personId, status: "waitlisted", waitlist_position: 1, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).returning("id").execute();
    await apprenticeshipDb()
      .insertInto("apprenticeship_applications")
      .values({ intake_id: intake.id, person_id: personId, statement: "A statement.", current_role: "Social worker", service_months: 24, english: "held", maths: "held", manager_support: "given", manager_reason: null, manager_id: null, manager_decided_at: stamp, shortlisted: 1, decision: "reserve", feedback: "On the reserve list.", enrolment_id: place.id, response: null, created_at: stamp, updated_at: stamp })
      .execute();
    await withdrawThroughPage(place.id, "No longer wishes to wait.");

    expect((await payeesListed()).map((p) => p.value)).not.toContain(personId);
    expectRefused(await pay(personId));
  });

  it("is refused for someone who accepted an offer and left before their intake started", async () => {
    const accepted = await apprenticeshipDb()
      .selectFrom("apprenticeship_applications as a")
      .innerJoin("apprenticeship_intakes as i", "i.id", "a.intake_id")
      .innerJoin("cohorts as c", "c.id", "i.cohort_id")
      .select(["a.person_id", "a.enrolment_id"])
      .where("c.name", "=", "Intake 2")
      .where("a.response", "=", "accepted")
      .executeTakeFirstOrThrow();
    await withdrawThroughPage(accepted.enrolment_id!, "Moving away before the start.");
    expect((await payeesListed()).map((p) => p.value)).not.toContain(accepted.person_id);
    expectRefused(await pay(accepted.person_id));
    expect(await paymentsFor(accepted.person_id)).toEqual([]);
  });

  it("is refused for someone never on the programme, and the apprentices still on it are offered as before", async () => {
    const practitioner = await personIdOf("practitioner");
    expectRefused(await pay(practitioner));
    const listed = await payeesListed();
    expect(listed.map((p) => p.value)).not.toContain(practitioner);
    for (const a of await apprentices()) expect(listed).toContainEqual({ value: a.personId, label: a.completion?.registered_on ? `${await nameOf(a.personId)} (completed)` : a.name });
  });
});
