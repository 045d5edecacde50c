// One Level 5 place a person: someone asking, booked or enrolled on one cohort, or who has completed the
// programme, is given no place on another. Two places would split their hours and sessions between
// cohorts, and their self-study page and /me card could follow only one of them.
import { sql, type Kysely } from "kysely";
import type { EnrolmentStatus } from "../../../db/schema";
import type { CheckUnderLock } from "../../../app/services/enrolment.server";
import type { Database } from "../../../app/utils/db.server";
import { db } from "../../../app/utils/db.server";
import { chunks } from "../../../app/services/readiness.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { isPostgres } from "../../sdk/migrations";
import { PLUGIN_ID } from "../programme";

/**
 * The statuses that hold a person's one place: waiting for a decision or on a waiting list count, as either
 * may become a place without the person asking again; completed counts, as the programme is done. Someone
 * withdrawn, declined or who did not complete may ask again.
 */
export const ONE_PLACE_STATUSES: EnrolmentStatus[] = ["requested", "approved", "waitlisted", "enrolled", "completed"];

export type OnePlaceRefusal = { ok: false; error: "placeElsewhere" | "completedAlready" };

/** The person's place on a Level 5 cohort other than `exceptCohortId`'s (a completion first), read through `executor`. */
export async function placeElsewhere(personId: number, exceptCohortId: number | null, executor: Kysely<Database> = db()) {
  let query = executor
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "c.id as cohort_id", "c.name as cohort_name"])
    .where("e.person_id", "=", personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ONE_PLACE_STATUSES);
  if (exceptCohortId !== null) query = query.where("c.id", "!=", exceptCohortId);
  const places = await query.orderBy("c.starts_on").orderBy("e.id").execute();
  return places.find((p) => p.status === "completed") ?? places[0];
}

/** Giving a place to a person takes this lock after the cohort's, so two cohorts placing them at once take turns. */
const PLACE_LOCK = "leadership-place:";
const personPlaceLock = (personId: number) => `${PLACE_LOCK}${personId}`;

/**
 * The check `requestPlace` runs under the cohort's lock: a request on another cohort at the same moment
 * holds only that cohort's lock, so this takes the person's too, and sees that place committed first.
 */
export const onePlaceCheck =
  (personId: number, cohortId: number): CheckUnderLock<OnePlaceRefusal> =>
  async (trx) => {
    await holdTransactionLock(trx, personPlaceLock(personId));
    const held = await placeElsewhere(personId, cohortId, trx);
    if (!held) return null;
    return { ok: false, error: held.status === "completed" ? "completedAlready" : "placeElsewhere" };
  };

export type PlacesElsewhereRefusal = { ok: false; error: "placesElsewhere" };

/** A place held on another cohort, as a bulk enrolment names it. */
export interface PlaceHeldElsewhere {
  status: EnrolmentStatus;
  cohortName: string;
}

/**
 * Which of these people hold a place on a Level 5 cohort other than `cohortId` (a completion first, then the
 * earliest), read a batch of people a statement however many a bulk enrolment brings.
 */
export async function placesElsewhere(personIds: number[], cohortId: number, executor: Kysely<Database> = db()) {
  const held = new Map<number, PlaceHeldElsewhere>();
  for (const ids of chunks([...new Set(personIds)])) {
    const rows = await executor
      .selectFrom("enrolments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["e.person_id", "e.status", "c.name as cohort_name"])
      .where("e.person_id", "in", ids)
      .where("c.programme_id", "=", PLUGIN_ID)
      .where("e.status", "in", ONE_PLACE_STATUSES)
      .where("c.id", "!=", cohortId)
      .orderBy("c.starts_on")
      .orderBy("e.id")
      .execute();
    for (const r of rows) {
      if (!held.has(r.person_id) || r.status === "completed") held.set(r.person_id, { status: r.status, cohortName: r.cohort_name });
    }
  }
  return held;
}

/**
 * Every person's own place lock, in one statement, in the order of their ids: two bulk enrolments sharing
 * people take them in the same order, so neither waits on the other in a circle. SQLite's one write lock,
 * held already, is every lock at once.
 */
async function holdPlaceLocks(trx: Kysely<Database>, personIds: number[]) {
  if (!isPostgres(trx) || personIds.length === 0) return;
  const ids = [...new Set(personIds)].sort((a, b) => a - b);
  // unnest gives the array's elements in its order, and each row takes its lock as it is read.
  await sql`select pg_advisory_xact_lock(hashtext(cast(${PLACE_LOCK} as text) || id)) from unnest(cast(${ids} as integer[])) as u(id)`.execute(trx);
}

/**
 * The check a bulk enrolment runs under the cohort's lock: each person's place lock (as `onePlaceCheck`
 * takes one), then whether anyone now holds a place elsewhere, given since the list was checked.
 */
export const placesElsewhereCheck =
  (personIds: number[], cohortId: number): CheckUnderLock<PlacesElsewhereRefusal> =>
  async (trx) => {
    await holdPlaceLocks(trx, personIds);
    const held = await placesElsewhere(personIds, cohortId, trx);
    return held.size ? { ok: false, error: "placesElsewhere" } : null;
  };
