// Dates are ISO strings in the database; these format them for people through Intl, in their language.
import { londonToday } from "./london-time";

const TIME_ZONE = "Europe/London";

// Building an Intl formatter costs far more than using one; lists format hundreds of dates.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, style: "date" | "dateTime") {
  const key = `${locale}|${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, style === "date" ? { dateStyle: "long", timeZone: TIME_ZONE } : { dateStyle: "medium", timeStyle: "short", timeZone: TIME_ZONE });
    formatters.set(key, found);
  }
  return found;
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return "";
  const date = new Date(iso.length === 10 ? `${iso}T12:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, "date").format(date);
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return "";
  return formatter(locale, "dateTime").format(new Date(iso));
}

/** Whole years from an ISO date to London's date at `now`, or null when there is no date. */
export function wholeYearsSince(iso: string | null | undefined, now: Date): number | null {
  if (!iso) return null;
  const today = londonToday(now);
  let years = Number(today.slice(0, 4)) - Number(iso.slice(0, 4));
  // "MM-DD" strings compare as dates do: the anniversary is still to come this year.
  if (today.slice(5, 10) < iso.slice(5, 10)) years -= 1;
  return Math.max(0, years);
}

/** The ISO date `days` after (or before) an ISO date. */
export function addDaysToDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

/**
 * The years a date typed into the portal may fall in. Dates are stored as text and compared as text, so a
 * date worked out from a typed one (an apprenticeship's end, three years on; a session's end, hours on)
 * must keep four digits: from 9997 it became "10000-…", which sorts first and broke the tables' date
 * checks with an error page. No workforce date is near either bound.
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2199;

/** Whether the text is a real calendar date written YYYY-MM-DD (so 2026-02-30 is not), in the years above. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
