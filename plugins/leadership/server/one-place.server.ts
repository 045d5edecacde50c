// One Level 5 place a person: someone asking, booked or enrolled on one cohort, or who has completed the
// programme, is given no place on another. Two places would split their hours and sessions between
// cohorts, and their self-study page and /me card could follow only one of them.
import type { Kysely } from "kysely";
import type { EnrolmentStatus } from "../../../db/schema";
import type { CheckUnderLock } from "../../../app/services/enrolment.server";
import type { Database } from "../../../app/utils/db.server";
import { db } from "../../../app/utils/db.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
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
const personPlaceLock = (personId: number) => `leadership-place:${personId}`;

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
