// The ASYE year's calendar, as pure functions of its facts and the settings: when it ends (part-time
// work and long leave stretch it), when each review falls, what month the worker is in, how far the
// evidence has got, and where supervision fell behind its expected frequency. No database here, so the
// rules can be tested on given dates.
import { evidenceRequired, EVIDENCE_KINDS, reviewMonths, type AsyeSettings, type EvidenceKind } from "../programme";

const DAY = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromTime = (time: number) => new Date(time).toISOString().slice(0, 10);

export const plusDays = (day: string, days: number) => fromTime(toTime(day) + days * DAY);
export const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / DAY);

/** The same day n calendar months on, or the month's last day when it has no such day (31 Jan + 1 = 28 Feb). */
export function plusMonths(day: string, months: number) {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return fromTime(target.getTime());
}

export interface LeavePeriod {
  starts_on: string;
  ends_on: string;
}

export interface YearFacts {
  startsOn: string;
  /** Full-time equivalent, 1 for full time. */
  fte: number;
  leave: LeavePeriod[];
  extensionWeeks: number;
}

export interface YearSchedule {
  /** Days of the year before any extension: twelve months, stretched for part-time, plus long leave. */
  yearDays: number;
  partTimeDays: number;
  leaveDays: number;
  extensionDays: number;
  endsOn: string;
  reviews: { month: number; dueOn: string }[];
}

const leaveLength = (period: LeavePeriod) => daysBetween(period.starts_on, period.ends_on) + 1;

/** Periods of leave from the year's start on, overlapping ones joined, so no day of leave counts twice. */
export function mergedLeave(leave: LeavePeriod[], startsOn: string): LeavePeriod[] {
  const clipped = leave
    .filter((p) => p.ends_on >= startsOn)
    .map((p) => ({ starts_on: p.starts_on < startsOn ? startsOn : p.starts_on, ends_on: p.ends_on }))
    .sort((a, b) => a.starts_on.localeCompare(b.starts_on));
  const merged: LeavePeriod[] = [];
  for (const period of clipped) {
    const last = merged[merged.length - 1];
    if (last && period.starts_on <= plusDays(last.ends_on, 1)) last.ends_on = period.ends_on > last.ends_on ? period.ends_on : last.ends_on;
    else merged.push({ ...period });
  }
  return merged;
}

/** Only leave at or over the threshold extends the year; shorter absences are absorbed. */
export const longLeaveDays = (leave: LeavePeriod[], settings: AsyeSettings, startsOn: string) =>
  mergedLeave(leave, startsOn).map(leaveLength).filter((days) => days >= settings.longLeaveDays).reduce((sum, days) => sum + days, 0);

/**
 * The year's end and review dates. A part-time worker's twelve months stretch pro rata (at 0.5 FTE the
 * year takes two); long leave adds its length; an extension decided at the end adds its weeks. Reviews
 * fall at their share of the stretched year, and the final one at its end.
 */
export function yearSchedule(facts: YearFacts, settings: AsyeSettings): YearSchedule {
  const twelveMonths = daysBetween(facts.startsOn, plusMonths(facts.startsOn, 12));
  const fte = Math.min(1, Math.max(0.1, facts.fte || 1));
  const stretched = Math.round(twelveMonths / fte);
  const leaveDays = longLeaveDays(facts.leave, settings, facts.startsOn);
  const yearDays = stretched + leaveDays;
  const extensionDays = Math.max(0, facts.extensionWeeks) * 7;
  const endsOn = plusDays(facts.startsOn, yearDays + extensionDays);
  const reviews = reviewMonths(settings).map((month) => ({ month, dueOn: month === 12 ? endsOn : plusDays(facts.startsOn, Math.round((yearDays * month) / 12)) }));
  return { yearDays, partTimeDays: stretched - twelveMonths, leaveDays, extensionDays, endsOn, reviews };
}

/** Which month of twelve the worker is in on a day (0 before the start), on the stretched year. */
export function monthOfYear(startsOn: string, schedule: YearSchedule, today: string) {
  const elapsed = daysBetween(startsOn, today);
  if (elapsed < 0) return 0;
  return Math.min(12, Math.floor((elapsed * 12) / schedule.yearDays) + 1);
}

export interface ReviewState {
  month: number;
  dueOn: string;
  recorded: { heldOn: string; outcome: string; note: string } | null;
  overdue: boolean;
}

export function reviewStates(schedule: YearSchedule, recorded: { review_month: number; held_on: string; outcome: string; note: string }[], today: string): ReviewState[] {
  return schedule.reviews.map(({ month, dueOn }) => {
    const found = recorded.find((r) => r.review_month === month);
    return { month, dueOn, recorded: found ? { heldOn: found.held_on, outcome: found.outcome, note: found.note } : null, overdue: !found && dueOn < today };
  });
}

export interface EvidenceProgress {
  kind: EvidenceKind;
  required: number;
  recorded: number;
}

export function evidenceProgress(counts: Partial<Record<EvidenceKind, number>>, settings: AsyeSettings): EvidenceProgress[] {
  const required = evidenceRequired(settings);
  return EVIDENCE_KINDS.map((kind) => ({ kind, required: required[kind], recorded: counts[kind] ?? 0 }));
}

export const evidenceOutstanding = (progress: EvidenceProgress[]) => progress.filter((p) => p.recorded < p.required);

/** The expected days between supervisions on a day: weekly at first, then fortnightly, then monthly. */
export function supervisionInterval(startsOn: string, day: string, settings: AsyeSettings) {
  if (daysBetween(startsOn, day) < settings.weeklySupervisionWeeks * 7) return 7;
  if (day < plusMonths(startsOn, settings.fortnightlyUntilMonth)) return 14;
  return 31;
}

export interface SupervisionGap {
  /** The last supervision before the gap (or the start of the year). */
  after: string;
  /** When the next one was due. */
  dueOn: string;
  /** The supervision that closed the gap, or null while it is still open. */
  until: string | null;
}

/**
 * Gaps between supervisions longer than expected for the period they began in (plus the grace days),
 * from the start of the year to `until` (today, or the end of the year if sooner). An open gap at the
 * end means supervision is overdue now.
 */
export function supervisionGaps(startsOn: string, sessions: string[], until: string, settings: AsyeSettings): SupervisionGap[] {
  const gaps: SupervisionGap[] = [];
  let previous = startsOn;
  const check = (next: string, closed: boolean) => {
    const interval = supervisionInterval(startsOn, previous, settings);
    if (daysBetween(previous, next) > interval + settings.supervisionGraceDays) gaps.push({ after: previous, dueOn: plusDays(previous, interval), until: closed ? next : null });
  };
  for (const held of [...new Set(sessions)].sort()) {
    if (held < startsOn || held > until) continue;
    check(held, true);
    previous = held;
  }
  check(until, false);
  return gaps;
}
