// Whether someone already holds a place on the apprenticeship: offered or taken on an intake, and not yet
// registered as a social worker, which is where the apprenticeship ends. Someone holding one cannot apply
// for another intake: they would hold two places, be counted twice and owe hours twice.
import type { Kysely } from "kysely";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb, type ApprenticeshipDatabase } from "./db.server";

/** Whether the person holds a place on an intake other than `exceptCohortId`'s and has not registered, read through `executor`. */
export async function holdsCurrentPlace(personId: number, exceptCohortId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  const place = await executor
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .leftJoin("apprenticeship_completions as done", "done.person_id", "e.person_id")
    .select("e.id")
    .where("e.person_id", "=", personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "=", "enrolled")
    .where("c.id", "!=", exceptCohortId)
    .where("done.registered_on", "is", null)
    .executeTakeFirst();
  return place !== undefined;
}
