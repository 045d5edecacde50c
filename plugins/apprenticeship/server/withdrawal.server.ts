// L&D recording that someone has left: an apprentice, someone offered a place or a reserve on the waiting
// list. The core withdraws the place under the cohort's lock and audits it; before the intake starts a
// place given up goes to the first reserve, from the start it is left free for L&D to offer (free-places).
// The person is told on their home page, with L&D's reason.
import type { Kysely } from "kysely";
import type { Actor } from "../../../app/services/audit.server";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { withdrawUnderLock } from "../../../app/services/enrolment.server";
import { addNotice } from "../../../app/services/notices.server";
import { londonToday } from "../../../app/utils/london-time";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { PLUGIN_ID } from "../programme";
import { completionLock, hasRegistered } from "./completion.server";
import { apprenticeshipDb, asHostDb, type ApprenticeshipDatabase } from "./db.server";
import { enrolledApprentices } from "./progress.server";

/** The places L&D may withdraw someone from: held (an apprentice, or an offer) or waited for (a reserve). */
export const WITHDRAWABLE = ["enrolled", "waitlisted"] as const;
const withdrawable = (status: string) => (WITHDRAWABLE as readonly string[]).includes(status);

/**
 * A place on an intake, with its holder, the intake, whether the holder has registered (and so finished) and
 * whether it is an offer its applicant has not answered: the offer holds the place for them, but it is not
 * theirs until they accept it.
 */
export async function placeOnIntake(enrolmentId: number) {
  const place = await apprenticeshipDb()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("apprenticeship_intakes as i", "i.cohort_id", "c.id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("apprenticeship_completions as done", "done.person_id", "e.person_id")
    .select(["e.id", "e.status", "e.waitlist_position", "e.updated_at", "e.person_id", "e.cohort_id", "i.id as intake_id", "c.name as intake_name", "c.starts_on", "p.given_name", "p.family_name", "done.registered_on"])
    .select((eb) => eb.exists(eb.selectFrom("apprenticeship_applications as offer").select("offer.id").whereRef("offer.enrolment_id", "=", "e.id").where("offer.response", "is", null)).as("unanswered_offer"))
    .where("e.id", "=", enrolmentId)
    .where("c.programme_id", "=", PLUGIN_ID)
    .executeTakeFirst();
  // SQLite answers the test 0 or 1, PostgreSQL false or true.
  return place && { ...place, unanswered_offer: Boolean(place.unanswered_offer), name: `${place.given_name} ${place.family_name}` };
}

export type PlaceOnIntake = NonNullable<Awaited<ReturnType<typeof placeOnIntake>>>;

/** The place as the confirmation page shows it, sent back with the form: a place changed since is not withdrawn. */
export const placeAsShown = (place: { status: string; updated_at: string }) => `${place.status}@${place.updated_at}`;

/** Whether a place given up now goes to the first reserve: only before the intake starts (London's date). */
export const goesToFirstReserve = (place: { starts_on: string }) => place.starts_on > londonToday();

/** What the confirmation page can do with the place: withdraw it, or say why there is nothing to withdraw. */
export function withdrawalView(place: Pick<PlaceOnIntake, "status" | "registered_on">): "confirm" | "notHeld" | "finished" {
  // A registered social worker has finished the apprenticeship: their place is the record of it.
  if (place.registered_on && (place.status === "enrolled" || place.status === "completed")) return "finished";
  return withdrawable(place.status) ? "confirm" : "notHeld";
}

type Refusal = { ok: false; error: "withdraw.errors.changedMeanwhile" | "withdraw.errors.finished" };
export type WithdrawalResult = { ok: true; outcome: "withdrawn" | "withdrawnToReserve" | "withdrawnFree" } | Refusal;

/**
 * Whether the place is still as the page showed it, and still one to withdraw, read under the cohort's lock
 * (the core's check) and the completion's: a registration recorded at the same moment is seen, not
 * withdrawn over. Nothing that takes the completion's lock takes a cohort's, so the order cannot deadlock.
 */
async function stillAsShown(trx: Kysely<ApprenticeshipDatabase>, place: PlaceOnIntake, shown: string): Promise<Refusal | { status: string; unansweredOffer: boolean }> {
  await holdTransactionLock(asHostDb(trx), completionLock(place.person_id));
  const now = await trx.selectFrom("enrolments").select(["status", "updated_at"]).where("id", "=", place.id).executeTakeFirstOrThrow();
  if (placeAsShown(now) !== shown || !withdrawable(now.status)) return { ok: false, error: "withdraw.errors.changedMeanwhile" };
  if (now.status === "enrolled" && (await hasRegistered(place.person_id, trx))) return { ok: false, error: "withdraw.errors.finished" };
  return { status: now.status, unansweredOffer: now.status === "enrolled" && (await offerUnanswered(trx, place.id)) };
}

/** Whether the place is an offer its applicant has not answered, read under the lock: accepted meanwhile, they are told they left. */
async function offerUnanswered(trx: Kysely<ApprenticeshipDatabase>, enrolmentId: number) {
  const offer = await trx.selectFrom("apprenticeship_applications").select("id").where("enrolment_id", "=", enrolmentId).where("response", "is", null).executeTakeFirst();
  return offer !== undefined;
}

/** The notice for what was withdrawn: someone only offered a place never joined, so is told the offer was taken back. */
const withdrawnNotice = (found: { status: string; unansweredOffer: boolean }) => `notices.withdrawn.${found.unansweredOffer ? "offered" : found.status}`;

/**
 * Withdraws the person from their place with L&D's reason, through the core (which audits it, moves up
 * the reserves behind a reserve, and gives a held place to the first reserve when `promote`), unless the
 * place changed since the page showed it (`shown`), and tells them on their home page, with the reason, in
 * the same transaction: as the core tells people of a decision about their place. Answers what became of
 * the place, for the page to say.
 */
export async function withdrawFromIntake(place: PlaceOnIntake, reason: string, shown: string, actor: Actor): Promise<WithdrawalResult> {
  // An intake's start date is set as it opens and never changes, so it is read with the place.
  const promote = goesToFirstReserve(place);
  const result = await withCohortLock(place.cohort_id, async (trx) => {
    const found = await stillAsShown(trx as unknown as Kysely<ApprenticeshipDatabase>, place, shown);
    if ("ok" in found) return found;
    const withdrawn = await withdrawUnderLock(trx, place.id, reason, actor, { promote });
    // Not expected once the check above passed under the same lock; said as a change made meanwhile all the same.
    if (!withdrawn.ok) return { ok: false as const, error: "withdraw.errors.changedMeanwhile" as const };
    // The status the check found under the lock: what was withdrawn, whatever the page was read with.
    await addNotice({ personId: place.person_id, source: PLUGIN_ID, messageKey: withdrawnNotice(found), values: { intake: place.intake_name, reason }, href: `/programmes/${PLUGIN_ID}` }, trx);
    return { ok: true as const, status: found.status, promotedPersonId: withdrawn.promotedPersonId };
  });
  if (!result.ok) return result;
  if (result.status === "waitlisted") return { ok: true, outcome: "withdrawn" };
  if (!promote) return { ok: true, outcome: "withdrawnFree" };
  return { ok: true, outcome: result.promotedPersonId === undefined ? "withdrawn" : "withdrawnToReserve" };
}

/** The place an apprentice holds now (the intake `apprentices()` has them on), for the link to withdraw it. */
export async function currentPlaceId(personId: number) {
  const row = await enrolledApprentices(londonToday()).select("e.id").where("p.id", "=", personId).executeTakeFirst();
  return row?.id;
}
