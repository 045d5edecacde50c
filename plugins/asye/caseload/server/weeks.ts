// Weeks as the caseload report counts them: a week is named by its Monday, whatever day the report gives.
import { isIsoDate } from "../../../../app/utils/dates";

/** The Monday of the week an ISO date falls in, as an ISO date. */
export function weekOf(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(date.getTime() - sinceMonday * 86_400_000).toISOString().slice(0, 10);
}

export function addWeeks(week: string, weeks: number): string {
  return new Date(new Date(`${week}T00:00:00Z`).getTime() + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * A report date as an ISO date: YYYY-MM-DD, or DD/MM/YYYY as a UK spreadsheet saves it. Anything else,
 * or a day that does not exist, is undefined.
 */
export function parseReportDate(text: string): string | undefined {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return trimmed;
  const uk = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (!uk) return undefined;
  const iso = `${uk[3]}-${uk[2].padStart(2, "0")}-${uk[1].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : undefined;
}

/** A `?week=` value that names a Monday, or undefined. */
export function parseWeekParam(value: string | null): string | undefined {
  if (!value || !isIsoDate(value)) return undefined;
  return weekOf(value) === value ? value : undefined;
}
