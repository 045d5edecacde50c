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

/** A listed cohort's standing for the viewer: whether it has begun, and whether they can give up what they hold on it. */
export function standingOn(place: Place | null, firstSession: string | null, now = new Date()) {
  return { begun: !beforeStart(firstSession, now), cancellable: place ? canGiveUp(place, firstSession, now) : beforeStart(firstSession, now) };
}
