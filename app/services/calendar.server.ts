// iCalendar files for sessions: one session, or a whole cohort as a feed a calendar can subscribe to.
import { createEvents, type EventAttributes } from "ics";

export interface CalendarSession {
  id: number;
  title: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  status: "scheduled" | "cancelled";
  /** When anything its cohort's events show last changed (`sessionsOf`'s `cohort_changed_at`, moved on by `markCohortsChanged`). */
  cohort_changed_at: string;
}

/** Where events' version numbers count from: seconds since then fit RFC 5545's integer until 2088. */
const SEQUENCE_EPOCH_MS = Date.UTC(2020, 0, 1);

/**
 * The event's version (RFC 5545's SEQUENCE): a calendar app replaces an event it holds only with a higher
 * one, so a moved session's new file must carry a higher number than the old. Seconds from a fixed moment
 * to the cohort's last change: whatever changes what an event shows (the cohort's name or venue, a session's
 * title, times, location or status) moves that on by at least a second (`markCohortsChanged`), and it never
 * goes back. Of the programmes serving calendar files, only a session's edit changes any of these today.
 */
export function sequenceOf(session: Pick<CalendarSession, "cohort_changed_at">): number {
  return Math.max(0, Math.floor((new Date(session.cohort_changed_at).getTime() - SEQUENCE_EPOCH_MS) / 1000));
}

const parts = (iso: string): [number, number, number, number, number] => {
  const d = new Date(iso);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
};

/** The calendar text; a cancelled session is sent as cancelled, so calendars that hold it remove it. */
export function calendarFor(sessions: CalendarSession[], cohortName: string, host: string): string {
  const events: EventAttributes[] = sessions.map((s) => ({
    uid: `cohort-session-${s.id}@${host}`,
    title: `${cohortName}: ${s.title}`,
    start: parts(s.starts_at),
    startInputType: "utc",
    startOutputType: "utc",
    end: parts(s.ends_at),
    endInputType: "utc",
    endOutputType: "utc",
    location: s.location ?? undefined,
    status: s.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    sequence: sequenceOf(s),
    productId: "pathways",
  }));
  const { error, value } = createEvents(events);
  if (error || !value) throw error ?? new Error("The calendar could not be made");
  return value;
}

export function calendarResponse(filename: string, body: string) {
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
