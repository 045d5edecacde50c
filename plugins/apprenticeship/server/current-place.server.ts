// Whether someone already holds a place on the apprenticeship: offered or taken on an intake, and not yet
// registered as a social worker, which is where the apprenticeship ends. Someone holding one cannot apply
// for another intake, nor be offered a place or a reserve place on one: they would hold two places, be
// counted twice and owe hours twice. A reserve place (waitlisted) is not held; when the engine moves a
// reserve up while they hold a place elsewhere, they cannot accept one place while holding the other.
import type { Kysely } from "kysely";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { PLUGIN_ID } from "../programme";
import { apprenticeshipDb, asHostDb, type ApprenticeshipDatabase } from "./db.server";

/** The person's places on intakes held now (offered or taken) while they have not registered, read through `executor`. */
function currentPlaces(personId: number, executor: Kysely<ApprenticeshipDatabase>) {
  return executor
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .leftJoin("apprenticeship_completions as done", "done.person_id", "e.person_id")
    .where("e.person_id", "=", personId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "=", "enrolled")
    .where("done.registered_on", "is", null);
}

/** Whether the person holds a place on an intake other than `exceptCohortId`'s and has not registered, read through `executor`. */
export async function holdsCurrentPlace(personId: number, exceptCohortId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  const place = await currentPlaces(personId, executor).select("e.id").where("c.id", "!=", exceptCohortId).executeTakeFirst();
  return place !== undefined;
}

/** The intakes (cohort and name) the person holds a current place on, for their page to name instead of offering to apply. */
export async function currentPlacesOf(personId: number) {
  return currentPlaces(personId, apprenticeshipDb()).select(["c.id as cohortId", "c.name"]).orderBy("c.starts_on").execute();
}

/**
 * Deciding for one person, or their applying, takes this lock after the intake's, so two intakes' panels
 * deciding for them at once take turns, and an application to one intake with a place given on another.
 */
const placeDecisionLock = (personId: number) => `apprenticeship-place-decision:${personId}`;

/**
 * `holdsCurrentPlace` for a decision about to give a place on `cohortId`'s intake, or an application to it,
 * in its transaction under that intake's lock. Another intake's decision holds only its own intake's lock,
 * so this takes the person's too: a place given to them elsewhere at the same moment is committed, and
 * seen, before this reads, or waits until this transaction has ended.
 */
export async function holdsPlaceElsewhere(trx: Kysely<ApprenticeshipDatabase>, personId: number, cohortId: number) {
  await holdTransactionLock(asHostDb(trx), placeDecisionLock(personId));
  return holdsCurrentPlace(personId, cohortId, trx);
}
