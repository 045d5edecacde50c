// What a person's enrolment on one of this programme's sessions says on the pages that list them. Shared
// with the pages (not a .server module).
import type { TFunction } from "i18next";

export interface Place {
  status: string;
  position: number | null;
}

/** The person's enrolment on each cohort, of those in one of the statuses the page shows. */
export function placesByCohort(rows: { cohort_id: number; status: string; waitlist_position: number | null }[], shown: readonly string[]) {
  return new Map(rows.filter((r) => shown.includes(r.status)).map((r): [number, Place] => [r.cohort_id, { status: r.status, position: r.waitlist_position }]));
}

/**
 * Only "enrolled" is a seat on the session: a request, an approval and a number on the waiting list do
 * not count against its places, so they must not read as a place nor offer a calendar entry.
 */
export const hasPlace = (place: Pick<Place, "status">) => place.status === "enrolled";

/**
 * A request, an approval or a number on the waiting list: waiting for a place, not holding one. Giving it
 * up frees nothing, so it can be given up at any time (`canGiveUp`).
 */
export const waitsForPlace = (place: Pick<Place, "status">) => ["waitlisted", "requested", "approved"].includes(place.status);

/** Enrolments a person can still give up, or L&D can withdraw: those holding or waiting for a place. */
export const WITHDRAWABLE = ["requested", "approved", "enrolled", "waitlisted"] as const;

/**
 * `begun`: the cohort's first scheduled session has begun. Nobody is given a place after that (booking has
 * closed, and a place freed goes to nobody), so someone still waiting is told they were not given one,
 * not shown a number in a queue that no longer moves.
 */
export function placeText(t: TFunction, place: Place, begun = false): string {
  if (hasPlace(place)) return t("sessions.booked");
  if (begun && waitsForPlace(place)) return t("sessions.begunWithoutPlace");
  // The core's "Approved" reads as a place; approving a request places or wait-lists at once, so an
  // enrolment left at "approved" holds no place yet.
  if (place.status === "approved") return t("sessions.approved");
  return t(`common:status.${place.status}`, { position: place.position ?? "" });
}

/**
 * A person's enrolment in L&D's list of who is on a session: the core's status, except that once the
 * session has begun (`begun`) someone still waiting was not given a place, as their own page tells them
 * (`placeText`), with no number in a queue that no longer moves.
 */
export function rosterStatusText(t: TFunction, place: Place, begun: boolean): string {
  if (begun && waitsForPlace(place)) return t("sessions.notGivenPlace");
  return t(`common:status.${place.status}`, { position: place.position ?? "" });
}

/** The button that gives up an enrolment, worded for what the person holds; null when there is nothing to give up. */
export function cancelLabel(place: Place): string | null {
  if (place.status === "waitlisted") return "sessions.leaveWaitingList";
  if (place.status === "requested" || place.status === "approved") return "sessions.withdrawRequest";
  return hasPlace(place) ? "sessions.cancelPlace" : null;
}

/**
 * A place can be given up until the first scheduled session begins. With none scheduled (every date
 * cancelled) the session has not started, and the person must be able to let the place go.
 */
export const beforeStart = (firstSession: string | null, now = new Date()) => firstSession === null || firstSession > now.toISOString();

/**
 * Whether the person can give up their enrolment: a place until the first scheduled session begins (then
 * the register holds their attendance, and a seat freed could not be used); a request or a spot on the
 * waiting list at any time, as it frees nothing. The page's button and the cancellation both ask this.
 */
export const canGiveUp = (place: Pick<Place, "status">, firstSession: string | null, now = new Date()) => waitsForPlace(place) || (hasPlace(place) && beforeStart(firstSession, now));

/**
 * Whether the cohort's last scheduled session has ended. With none scheduled (every date cancelled) it has
 * not, whenever its dates were: "ended" means the register holds what people attended, and nobody attended
 * a session that never took place, so a place on it can still be withdrawn or given up (the core's
 * `cohortOver`, which ends its waiting list once its last day has passed, gives nobody a place on it either).
 */
export const hasEnded = (lastSessionEnd: string | null, now = new Date()) => lastSessionEnd !== null && lastSessionEnd <= now.toISOString();

/**
 * Whether L&D can withdraw the enrolment (`own`: the viewer's): a request or a spot on the waiting list at
 * any time, as the person can give it up themself (`canGiveUp`), and once the cohort is over it is waiting
 * for a place that never comes; a place until the last scheduled session ends (after that a withdrawal
 * means nothing: the register holds what they attended), but their own place only as any learner's, until
 * the first begins. The session's page's Withdraw button and the withdrawal both ask this.
 */
export const canWithdraw = (place: Pick<Place, "status">, span: { first: string | null; last: string | null }, own: boolean, now = new Date()) =>
  waitsForPlace(place) || (!hasEnded(span.last, now) && (!own || canGiveUp(place, span.first, now)));

/** A listed cohort's standing for the viewer: whether it has begun, and whether they can give up what they hold on it. */
export function standingOn(place: Place | null, firstSession: string | null, now = new Date()) {
  return { begun: !beforeStart(firstSession, now), cancellable: place ? canGiveUp(place, firstSession, now) : beforeStart(firstSession, now) };
}

/**
 * What L&D withdrawing someone did, for the page's confirmation (`?saved=withdrawn&outcome=`): a place
 * went to the first person waiting (`given`); it is free to book, nobody having waited for it (`free`); it
 * is free but nobody can book it now, the cohort's booking window being shut (`closed`: its first date
 * cancelled, say, so booking closed with it while a later date is still to come); it is left empty, nobody
 * being given a place once the first date has begun (`begun`) or while every date is cancelled
 * (`noDates`); or what was withdrawn was a spot on the waiting list (`waiting`) or a request (`request`),
 * which frees nothing. A fixed set, so the page reads back only one of these.
 */
export const WITHDRAWAL_OUTCOMES = ["given", "free", "closed", "begun", "noDates", "waiting", "request"] as const;
export type WithdrawalOutcome = (typeof WITHDRAWAL_OUTCOMES)[number];

/**
 * `withdrawn`: what the enrolment was; `promoted`: whether its place went to someone waiting; `bookable`:
 * whether the cohort takes bookings now (its first date to come and its booking window open).
 */
export function withdrawalOutcome(withdrawn: Pick<Place, "status">, firstSession: string | null, promoted: boolean, bookable: boolean, now = new Date()): WithdrawalOutcome {
  if (withdrawn.status === "waitlisted") return "waiting";
  if (!hasPlace(withdrawn)) return "request";
  if (promoted) return "given";
  if (firstSession === null) return "noDates";
  if (!beforeStart(firstSession, now)) return "begun";
  return bookable ? "free" : "closed";
}

/** The member of a fixed set an address's value names, or null for none of them (an address typed or cut short). */
const namedIn = <T extends string>(set: readonly T[], value: string | null): T | null => set.find((member) => member === value) ?? null;

/** The outcome a page's address names, or null for none of them. */
export const withdrawalOutcomeNamed = (value: string | null): WithdrawalOutcome | null => namedIn(WITHDRAWAL_OUTCOMES, value);

/**
 * What a person gave up on their own page, for its confirmation (`?saved=cancelled&outcome=`): a place, a
 * spot on the waiting list, or a request. Only a place was a booking, so each is worded for itself. A fixed
 * set, so the page reads back only one of these.
 */
export const GIVEN_UP = ["place", "waiting", "request"] as const;
export type GivenUp = (typeof GIVEN_UP)[number];

/** What was given up, from what giving it up did (`withdrawalOutcome`): anything else it names is a place's fate. */
export const givenUpBy = (outcome: WithdrawalOutcome): GivenUp => (outcome === "waiting" || outcome === "request" ? outcome : "place");

/**
 * The confirmation for what the address (`outcome`) says was given up; for an address naming none of
 * `GIVEN_UP` (typed, or cut short), one true of all three.
 */
export function cancelledMessage(outcome: string | null): string {
  const givenUp = namedIn(GIVEN_UP, outcome);
  return givenUp ? `saved.cancelledOutcome.${givenUp}` : "saved.cancelled";
}
