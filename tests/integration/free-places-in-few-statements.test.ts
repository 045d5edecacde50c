// Free places are given to those waiting in a few statements, however many places and people there are:
// a provider may raise a capacity by hundreds while hundreds wait, and the cohort's lock is held
// throughout. Who is promoted, in what order, their events and notices, and the numbers of those still
// waiting are as they were when each place was given on its own.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../app/services/cohorts.server";
import { enrolMany } from "../../app/services/enrol-many.server";
import { fillFreePlaces, withdraw } from "../../app/services/enrolment.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const PROGRAMME = "free-places-test";
const staff = { userId: null, personId: null };

async function cohort(capacity: number) {
  return createCohort(
    { programmeId: PROGRAMME, name: `Cohort ${Math.random().toString(36).slice(2, 7)}`, startsOn: "2027-03-01", endsOn: "2027-12-01", capacity, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: false },
    null,
    staff,
  );
}

async function newPeople(prefix: string, count: number) {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `${prefix}-${i}`, given_name: "Waiting", family_name: `${prefix} ${i}`, email: `${prefix.toLowerCase()}${i}@example.test`, team_id: team.id }));
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 400) ids.push(...(await db().insertInto("people").values(rows.slice(i, i + 400)).returning("id").execute()).map((p) => p.id));
  return ids;
}

/** Fills the first `holders` places and wait-lists everyone else, in the order given. */
async function cohortWith(holders: number[], waiting: number[]) {
  const cohortId = await cohort(holders.length);
  const ld = { userId: null, personId: await personIdOf("ld") };
  expect(await enrolMany(cohortId, [...holders, ...waiting].map((personId) => ({ personId, overrideReason: null })), ld)).toEqual({ ok: true, enrolled: holders.length, waitlisted: waiting.length });
  return cohortId;
}

const enrolmentsOf = async (cohortId: number) => new Map((await db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).execute()).map((r) => [r.person_id, r]));

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
});

describe("filling free places", () => {
  it("gives 150 new places to the first 150 of 300 waiting, in order, in a few statements", async () => {
    const people = await newPeople("FREE", 305);
    const [holders, waiting] = [people.slice(0, 5), people.slice(5)];
    const cohortId = await cohortWith(holders, waiting);
    const { name } = await db().selectFrom("cohorts").select("name").where("id", "=", cohortId).executeTakeFirstOrThrow();
    // The provider raises the capacity by 150.
    await db().updateTable("cohorts").set({ capacity: 155 }).where("id", "=", cohortId).execute();

    const statements: string[] = [];
    const stop = observeQueries((query) => statements.push(query));
    const promoted = await fillFreePlaces(cohortId, staff).finally(stop);

    // One place at a time was seven statements a person, and renumbered everyone still waiting each time.
    expect(statements.length).toBeLessThan(20);
    expect(promoted).toEqual(waiting.slice(0, 150));
    const held = await enrolmentsOf(cohortId);
    for (const personId of [...holders, ...waiting.slice(0, 150)]) expect(held.get(personId)).toMatchObject({ status: "enrolled", waitlist_position: null });
    waiting.slice(150).forEach((personId, i) => expect(held.get(personId)).toMatchObject({ status: "waitlisted", waitlist_position: i + 1 }));

    const events = await db().selectFrom("audit_events").select(["action", "subject_type", "subject_id", "person_id", "before_json", "after_json"]).where("action", "=", "enrolment.promoted_from_waiting_list").where("person_id", "in", people).orderBy("id").execute();
    expect(events).toEqual(
      waiting.slice(0, 150).map((personId) => ({ action: "enrolment.promoted_from_waiting_list", subject_type: "enrolment", subject_id: String(held.get(personId)!.id), person_id: personId, before_json: JSON.stringify({ status: "waitlisted" }), after_json: JSON.stringify({ status: "enrolled" }) })),
    );
    const notices = await db().selectFrom("notices").select(["person_id", "source", "message_key", "values_json", "href"]).where("person_id", "in", people).orderBy("id").execute();
    expect(notices).toEqual(waiting.slice(0, 150).map((personId) => ({ person_id: personId, source: "common", message_key: "notices.promoted", values_json: JSON.stringify({ cohort: name }), href: `/programmes/${PROGRAMME}` })));

    // Nothing is free now: nobody else moves, and nothing more is written.
    expect(await fillFreePlaces(cohortId, staff)).toEqual([]);
    expect(await db().selectFrom("notices").select("id").where("person_id", "in", people).execute()).toHaveLength(150);
  });

  it("gives only as many places as there are people waiting", async () => {
    const [holder, ...waiting] = await newPeople("FEW", 4);
    const cohortId = await cohortWith([holder], waiting);
    await db().updateTable("cohorts").set({ capacity: 10 }).where("id", "=", cohortId).execute();
    expect(await fillFreePlaces(cohortId, staff)).toEqual(waiting);
    expect([...(await enrolmentsOf(cohortId)).values()].map((r) => r.status)).toEqual(["enrolled", "enrolled", "enrolled", "enrolled"]);
  });

  it("gives a place given up to the first person waiting only, though more places are free", async () => {
    const [holder, ...waiting] = await newPeople("ONE", 5);
    const cohortId = await cohortWith([holder], waiting);
    await db().updateTable("cohorts").set({ capacity: 3 }).where("id", "=", cohortId).execute();
    const held = (await enrolmentsOf(cohortId)).get(holder)!;
    expect(await withdraw(held.id, null, staff)).toMatchObject({ ok: true, promotedPersonId: waiting[0] });
    const after = await enrolmentsOf(cohortId);
    expect(waiting.map((p) => [after.get(p)!.status, after.get(p)!.waitlist_position])).toEqual([["enrolled", null], ["waitlisted", 1], ["waitlisted", 2], ["waitlisted", 3]]);
  });
});
