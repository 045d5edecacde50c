// A place asked for again after a decline or a withdrawal reuses the person's enrolment row, overwriting
// the earlier request: its event must keep what was overwritten. A bulk enrolment does the same for
// everyone it re-enrols, in a bounded number of statements however many people that is.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../app/services/cohorts.server";
import { enrolMany } from "../../app/services/enrol-many.server";
import { decideRequest, requestPlace, withdraw } from "../../app/services/enrolment.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const PROGRAMME = "asked-again-test";
const staff = { userId: null, personId: null };

async function cohort(capacity: number, approval: boolean) {
  return createCohort(
    { programmeId: PROGRAMME, name: `Cohort ${Math.random().toString(36).slice(2, 7)}`, startsOn: "2027-03-01", endsOn: "2027-12-01", capacity, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: approval },
    null,
    staff,
  );
}

/** The newest event about one enrolment, with its values read back. */
async function lastEventOf(enrolmentId: number) {
  const event = await db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("subject_type", "=", "enrolment").where("subject_id", "=", String(enrolmentId)).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  return { action: event.action, before: event.before_json === null ? null : JSON.parse(event.before_json), after: JSON.parse(event.after_json!) };
}

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe("asking again for a place", () => {
  it("after a decline keeps the declined request, its reason and its decider as the new request's before", async () => {
    const cohortId = await cohort(5, true);
    const asye = await personIdOf("asye");
    const manager = { userId: null, personId: await personIdOf("manager") };
    const asked = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    if (!asked.ok) throw new Error(asked.error);
    expect(await decideRequest(asked.enrolmentId, false, "Not this quarter: caseload", manager)).toMatchObject({ ok: true, status: "declined" });
    const declinedAt = (await db().selectFrom("enrolments").select("created_at").where("id", "=", asked.enrolmentId).executeTakeFirstOrThrow()).created_at;

    const again = await requestPlace({ cohortId, personId: asye, actor: { userId: null, personId: asye } });
    expect(again).toMatchObject({ ok: true, enrolmentId: asked.enrolmentId, status: "requested" });
    const event = await lastEventOf(asked.enrolmentId);
    expect(event.action).toBe("enrolment.requested");
    expect(event.before).toEqual({ status: "declined", reason: "Not this quarter: caseload", decided_by: manager.personId, requested_by: asye, override_reason: null, created_at: declinedAt });
    expect(event.after).toMatchObject({ status: "requested", reason: null, decided_by: null });
  });

  it("after a withdrawal keeps the withdrawn place as L&D's direct enrolment's before", async () => {
    const cohortId = await cohort(5, false);
    const practitioner = await personIdOf("practitioner");
    const ld = { userId: null, personId: await personIdOf("ld") };
    const placed = await requestPlace({ cohortId, personId: practitioner, actor: ld, direct: true, overrideReason: "Covering a gap" });
    if (!placed.ok) throw new Error(placed.error);
    await withdraw(placed.enrolmentId, "Moved to another team", { userId: null, personId: practitioner });

    await requestPlace({ cohortId, personId: practitioner, actor: ld, direct: true });
    const event = await lastEventOf(placed.enrolmentId);
    expect(event.action).toBe("enrolment.enrolled_by_staff");
    expect(event.before).toMatchObject({ status: "withdrawn", reason: "Moved to another team", decided_by: ld.personId, override_reason: "Covering a gap" });
    expect(event.after).toMatchObject({ status: "enrolled", reason: null, override_reason: null });
  });

  it("for the first time has no before", async () => {
    const cohortId = await cohort(5, false);
    const practitioner = await personIdOf("practitioner");
    const placed = await requestPlace({ cohortId, personId: practitioner, actor: { userId: null, personId: practitioner } });
    if (!placed.ok) throw new Error(placed.error);
    expect((await lastEventOf(placed.enrolmentId)).before).toBeNull();
  });
});

describe("a bulk enrolment of people who had a place before", () => {
  it("re-enrols 600 in a few statements, places them in order, and keeps each one's earlier status as the event's before", async () => {
    const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
    const rows = Array.from({ length: 610 }, (_, i) => newPerson({ employee_number: `AGAIN-${i}`, given_name: "Again", family_name: `Person ${i}`, email: `again${i}@example.test`, team_id: team.id }));
    const people: number[] = [];
    for (let i = 0; i < rows.length; i += 400) people.push(...(await db().insertInto("people").values(rows.slice(i, i + 400)).returning("id").execute()).map((p) => p.id));
    const [holders, returning, newcomers] = [people.slice(0, 5), people.slice(5, 605), people.slice(605)];
    const cohortId = await cohort(250, false);
    const old = "2026-01-05T09:00:00.000Z";
    const enrolment = (personId: number, status: "enrolled" | "withdrawn" | "declined", reason: string | null) => ({ cohort_id: cohortId, person_id: personId, status, reason, created_at: old, updated_at: old });
    // Five hold places already, five are new to the cohort; of the 600 coming back, the even ones had withdrawn and the odd ones been declined.
    await db().insertInto("enrolments").values(holders.map((p) => enrolment(p, "enrolled", null))).execute();
    await db().insertInto("enrolments").values(returning.map((p, i) => enrolment(p, i % 2 === 0 ? "withdrawn" : "declined", i % 2 === 0 ? "Went on leave" : "Caseload"))).execute();
    const ld = { userId: null, personId: await personIdOf("ld") };
    const entries = [...returning, ...newcomers].map((personId, i) => ({ personId, overrideReason: i === 1 ? "Needed for cover" : null }));

    const statements: string[] = [];
    const stop = observeQueries((query) => statements.push(query));
    const result = await enrolMany(cohortId, entries, ld).finally(stop);

    // 245 places were free: the first 245 in the order given get them, the rest wait in that order.
    expect(result).toEqual({ ok: true, enrolled: 245, waitlisted: 360 });
    // One statement a person was 600; a statement per batch of rows is a few, however long the file.
    const updates = statements.filter((s) => /^update\s+"?enrolments"?\s/i.test(s));
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThanOrEqual(2);
    const held = new Map((await db().selectFrom("enrolments").selectAll().where("cohort_id", "=", cohortId).execute()).map((r) => [r.person_id, r]));
    entries.forEach(({ personId }, i) => {
      expect(held.get(personId)).toMatchObject({ status: i < 245 ? "enrolled" : "waitlisted", waitlist_position: i < 245 ? null : i - 244, reason: null, decided_by: ld.personId, requested_by: ld.personId, override_reason: i === 1 ? "Needed for cover" : null });
      expect(held.get(personId)!.created_at > old).toBe(true);
    });
    expect(holders.map((p) => held.get(p)!.status)).toEqual(holders.map(() => "enrolled"));

    const events = await db().selectFrom("audit_events").select(["person_id", "before_json", "after_json"]).where("action", "=", "enrolment.bulk_enrolled").where("subject_id", "=", String(cohortId)).execute();
    const eventOf = new Map(events.map((e) => [e.person_id, e]));
    expect(events).toHaveLength(605);
    returning.forEach((personId, i) => expect(JSON.parse(eventOf.get(personId)!.before_json!)).toMatchObject({ status: i % 2 === 0 ? "withdrawn" : "declined", reason: i % 2 === 0 ? "Went on leave" : "Caseload", created_at: old }));
    newcomers.forEach((personId) => expect(eventOf.get(personId)!.before_json).toBeNull());
    expect(JSON.parse(eventOf.get(returning[1])!.after_json!)).toEqual({ status: "enrolled", waitlist_position: null, override_reason: "Needed for cover" });
  });
});
