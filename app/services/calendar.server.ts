// iCalendar files for sessions: one session, or a whole cohort as a feed a calendar can subscribe to.
import { createEvents, type EventAttributes } from "ics";

export interface CalendarSession {
  id: number;
  title: string;
  starts_at: string;
  ends_at: string;
  location: string | null;
  status: "scheduled" | "cancelled";
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
