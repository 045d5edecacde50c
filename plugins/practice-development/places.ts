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
export const hasPlace = (place: Place) => place.status === "enrolled";

export function placeText(t: TFunction, place: Place): string {
  if (hasPlace(place)) return t("sessions.booked");
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
