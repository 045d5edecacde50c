// Newcomers never jump the waiting list, and nobody joins a cohort that is over. Once a Level 5 cohort has
// begun a place given up is not handed on by itself (L&D offer it, in order): until then a bulk enrolment,
// L&D's own enrolment or an approved request gave the free place to someone new while people still waited.
// And a cohort whose last session has ended took places and waiting-list numbers that led nowhere.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../app/services/cohorts.server";
import { enrolMany } from "../../app/services/enrol-many.server";
import { decideRequest, fillFreePlaces, requestPlace, unlessCohortOver, withdraw } from "../../app/services/enrolment.server";
import { addDaysToDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { londonToday } from "../../app/utils/london-time";
import { personIdOf, seedDemo } from "../support/fixtures";

const PROGRAMME = "queue-test";
const staff = { userId: null, personId: null };

/** A cohort starting `startsInDays` from today (before today when negative), with two fortnightly sessions. */
async function cohortFrom(startsInDays: number, capacity: number, approval = false) {
  const startsOn = addDaysToDate(londonToday(), startsInDays);
  return createCohort(
    { programmeId: PROGRAMME, name: `Queue ${Math.random().toString(36).slice(2, 7)}`, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: approval },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    staff,
  );
}

const statuses = async (cohortId: number) =>
  (await db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy(sql`coalesce(waitlist_position, 0)`).orderBy("person_id").execute()).map((r) => [r.person_id, r.status, r.waitlist_position]);

async function placed(cohortId: number, personId: number) {
  const result = await requestPlace({ cohortId, personId, actor: staff, direct: true });
  if (!result.ok) throw new Error(result.error);
  return result.enrolmentId;
}

/**
 * A cohort that began a week ago with its two places taken and `waiting` on its list, one of the places
 * then given up as Level 5 gives one up once a cohort has begun: left free for L&D to offer.
 */
async function begunWithAPlaceFree(holder: number, other: number, waiting: number) {
  const cohortId = await cohortFrom(-7, 2);
  const held = await placed(cohortId, holder);
  await placed(cohortId, other);
  await placed(cohortId, waiting);
  expect(await withdraw(held, null, staff, { promote: false })).toMatchObject({ ok: true, status: "withdrawn" });
  return cohortId;
}

let people: number[];

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
  const practitioner = await personIdOf("practitioner");
  people = (await db().selectFrom("people").select("id").where("id", "!=", practitioner).orderBy("id").limit(40).execute()).map((p) => p.id);
});

describe("a place free while people wait", () => {
  it("is not given by a bulk enrolment to someone new: they join the back of the list, and the place is offered in order", async () => {
    const [holder, other, waiting, newcomer, second] = people.slice(0, 5);
    const cohortId = await begunWithAPlaceFree(holder, other, waiting);

    const result = await enrolMany(cohortId, [{ personId: newcomer, overrideReason: null }, { personId: second, overrideReason: null }], staff);

    expect(result).toEqual({ ok: true, enrolled: 0, waitlisted: 2 });
    expect(await statuses(cohortId)).toEqual([
      [holder, "withdrawn", null],
      [other, "enrolled", null],
      [waiting, "waitlisted", 1],
      [newcomer, "waitlisted", 2],
      [second, "waitlisted", 3],
    ]);
    // The place goes to the person who was waiting for it when L&D offer it.
    expect(await fillFreePlaces(cohortId, staff)).toEqual([waiting]);
  });

  it("still gives the places nobody waiting is owed, in the order given, before the waiting list", async () => {
    const [holder, other, waiting, first, second, third] = people.slice(5, 11);
    const cohortId = await begunWithAPlaceFree(holder, other, waiting);
    // One more place: with the one given up, one for the person waiting and one nobody is owed.
    await db().updateTable("cohorts").set({ capacity: 3 }).where("id", "=", cohortId).execute();

    expect(await enrolMany(cohortId, [first, second, third].map((personId) => ({ personId, overrideReason: null })), staff)).toEqual({ ok: true, enrolled: 1, waitlisted: 2 });
    expect((await statuses(cohortId)).filter((r) => r[0] !== holder)).toEqual([
      [other, "enrolled", null],
      [first, "enrolled", null],
      [waiting, "waitlisted", 1],
      [second, "waitlisted", 2],
      [third, "waitlisted", 3],
    ]);
  });

  it("is not given by L&D's direct enrolment behind those waiting; a reserve's programme may still place its choice", async () => {
    const [holder, other, waiting, newcomer, chosen] = people.slice(11, 16);
    const cohortId = await begunWithAPlaceFree(holder, other, waiting);

    expect(await requestPlace({ cohortId, personId: newcomer, actor: staff, direct: true, behindWaiting: true })).toMatchObject({ ok: true, status: "waitlisted" });
    expect((await statuses(cohortId)).filter((r) => r[1] === "waitlisted")).toEqual([
      [waiting, "waitlisted", 1],
      [newcomer, "waitlisted", 2],
    ]);
    // Without it, as an apprenticeship panel's offer goes ahead of its reserves, the free place is theirs.
    expect(await requestPlace({ cohortId, personId: chosen, actor: staff, direct: true })).toMatchObject({ ok: true, status: "enrolled" });
  });

  it("is not given by an approval: the person approved joins the back of the list", async () => {
    const manager = { userId: null, personId: await personIdOf("manager") };
    const practitioner = await personIdOf("practitioner");
    const [holder, waiting] = people.slice(16, 18);
    const cohortId = await cohortFrom(30, 1, true);
    await placed(cohortId, holder);
    await placed(cohortId, waiting);
    const asked = await requestPlace({ cohortId, personId: practitioner, actor: { userId: null, personId: practitioner } });
    if (!asked.ok) throw new Error(asked.error);
    // A place comes free another way (a capacity raised) and has not yet been offered to the person waiting.
    await db().updateTable("cohorts").set({ capacity: 2 }).where("id", "=", cohortId).execute();

    expect(await decideRequest(asked.enrolmentId, true, null, manager)).toEqual({ ok: true, enrolmentId: asked.enrolmentId, status: "waitlisted" });
    expect((await statuses(cohortId)).filter((r) => r[1] === "waitlisted")).toEqual([
      [waiting, "waitlisted", 1],
      [practitioner, "waitlisted", 2],
    ]);
    const notice = await db().selectFrom("notices").select("message_key").where("person_id", "=", practitioner).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(notice.message_key).toBe("notices.decision.waitlisted");
  });
});

describe("a cohort that is over", () => {
  /** Two fortnightly sessions from 100 days ago: both have ended, though its last day is months away. */
  const over = () => cohortFrom(-100, 5);

  it("takes nobody in a bulk enrolment, and writes nothing", async () => {
    const cohortId = await over();
    const entries = people.slice(20, 23).map((personId) => ({ personId, overrideReason: null }));

    expect(await enrolMany(cohortId, entries, staff)).toEqual({ ok: false, error: "enrolment.errors.over" });

    expect(await statuses(cohortId)).toEqual([]);
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.bulk_enrolled").where("subject_id", "=", String(cohortId)).execute();
    expect(audited).toEqual([]);
  });

  it("is given nobody directly, nor onto its waiting list, by a caller that checks it under the lock", async () => {
    const cohortId = await over();
    const [direct, reserve] = people.slice(23, 25);

    expect(await requestPlace({ cohortId, personId: direct, actor: staff, direct: true }, unlessCohortOver(cohortId))).toEqual({ ok: false, error: "enrolment.errors.over" });
    expect(await requestPlace({ cohortId, personId: reserve, actor: staff, direct: true, reserve: true }, unlessCohortOver(cohortId))).toEqual({ ok: false, error: "enrolment.errors.over" });
    expect(await statuses(cohortId)).toEqual([]);
  });

  it("is judged by its sessions: one begun but still running takes people", async () => {
    const cohortId = await cohortFrom(-7, 5);
    expect(await enrolMany(cohortId, [{ personId: people[26], overrideReason: null }], staff)).toEqual({ ok: true, enrolled: 1, waitlisted: 0 });
    expect(await requestPlace({ cohortId, personId: people[27], actor: staff, direct: true }, unlessCohortOver(cohortId))).toMatchObject({ ok: true, status: "enrolled" });
  });
});
