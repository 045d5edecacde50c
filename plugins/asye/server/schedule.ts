// The ASYE year's calendar, as pure functions of its facts and the settings: when it ends (part-time
// work and long leave stretch it), when each review falls, what month the worker is in, how far the
// evidence has got, and where supervision fell behind its expected frequency. Long leave is not working
// time: reviews, the month and supervision count the days worked, so leave moves them on rather than
// using up the year. No database here, so the rules can be tested on given dates.
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
  /**
   * Whether the year has a review at nine months, as kept on it from its start. Only a year not yet saved
   * (the seed's plans) leaves it out, and takes the settings'.
   */
  ninthMonthReview?: boolean;
}

export interface YearSchedule {
  /** Days of the year before any extension: twelve months, stretched for part-time, plus the long leave begun by its end. */
  yearDays: number;
  /** The working days in it: twelve months, stretched for part-time. */
  workingDays: number;
  partTimeDays: number;
  leaveDays: number;
  extensionDays: number;
  endsOn: string;
  reviews: { month: number; dueOn: string }[];
  /** The long leave from the start on, joined and in order: the days that are not working time. */
  longLeave: LeavePeriod[];
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

/** Only leave at or over the threshold extends the year and stops the clock; shorter absences are absorbed. */
export const longLeave = (leave: LeavePeriod[], settings: AsyeSettings, startsOn: string) => mergedLeave(leave, startsOn).filter((period) => leaveLength(period) >= settings.longLeaveDays);

/** The days of leave from `from` up to the day before `to`: a day counts from its start, as `plusDays` does. */
function leaveDaysWithin(from: string, to: string, leave: LeavePeriod[]) {
  const last = plusDays(to, -1);
  return leave.reduce((sum, p) => (p.ends_on < from || p.starts_on > last ? sum : sum + daysBetween(p.starts_on > from ? p.starts_on : from, p.ends_on < last ? p.ends_on : last) + 1), 0);
}

/** Days worked from one day to another: the days between them less those on leave (joined, in order). */
export const workingDaysBetween = (from: string, to: string, leave: LeavePeriod[]) => daysBetween(from, to) - leaveDaysWithin(from, to, leave);

/**
 * The day `days` working days after `from`: each period of leave begun by then (after `from`) moves it on
 * by its length, so a date that would fall during leave, or after it, comes as much later. Never a day of leave.
 */
export function plusWorkingDays(from: string, days: number, leave: LeavePeriod[]) {
  let day = plusDays(from, days);
  for (const period of leave) {
    if (period.ends_on < from) continue;
    if (period.starts_on > day) break;
    day = plusDays(day, daysBetween(period.starts_on > from ? period.starts_on : from, period.ends_on) + 1);
  }
  return day;
}

/** The FTE the year's time is stretched by: full time when not known, and never below 0.1 (ten years). */
const workingFte = (fte: number | null | undefined) => Math.min(1, Math.max(0.1, Number(fte) || 1));

/**
 * The year's end and review dates. A part-time worker's twelve months stretch pro rata (at 0.5 FTE the
 * year takes two); an extension decided at the end adds its weeks; long leave begun by the end so far
 * (on its day too, as for a review) adds its length. Leave begun after the year ended moves nothing:
 * recorded while the year awaits its decision, it would otherwise keep it open for as long again. Reviews
 * fall once their share of the stretched year has been worked, so long leave before one moves it on by
 * the leave's length; the final one falls at the end.
 */
export function yearSchedule(facts: YearFacts, settings: AsyeSettings): YearSchedule {
  const twelveMonths = daysBetween(facts.startsOn, plusMonths(facts.startsOn, 12));
  const fte = workingFte(facts.fte);
  const stretched = Math.round(twelveMonths / fte);
  const leave = longLeave(facts.leave, settings, facts.startsOn);
  const extensionDays = Math.max(0, facts.extensionWeeks) * 7;
  const endsOn = plusWorkingDays(facts.startsOn, stretched + extensionDays, leave);
  // The leave that moved the end: all of each period begun by it, none of any later one.
  const leaveDays = daysBetween(facts.startsOn, endsOn) - stretched - extensionDays;
  const yearDays = stretched + leaveDays;
  const reviews = reviewMonths(facts.ninthMonthReview ?? Boolean(settings.ninthMonthReview)).map((month) => ({ month, dueOn: month === 12 ? endsOn : plusWorkingDays(facts.startsOn, Math.round((stretched * month) / 12), leave) }));
  return { yearDays, workingDays: stretched, partTimeDays: stretched - twelveMonths, leaveDays, extensionDays, endsOn, reviews, longLeave: leave };
}

/**
 * The first day a review can be held on. A review looks back on the months since the one before it, so it
 * is held no earlier than that one fell due (the first, from the start). The final review closes the year
 * and comes before the recommendation, so it is held in the year's last month: once eleven twelfths have
 * been worked, the day "month 12 of 12" begins. (An extension's decision date, later still, is the caller's:
 * the schedule does not know it.)
 */
export function reviewOpensOn(startsOn: string, schedule: YearSchedule, month: number) {
  const index = schedule.reviews.findIndex((r) => r.month === month);
  const final = index === schedule.reviews.length - 1;
  if (final) return plusWorkingDays(startsOn, Math.ceil((schedule.workingDays * 11) / 12), schedule.longLeave);
  return index > 0 ? schedule.reviews[index - 1].dueOn : startsOn;
}

/** Which month of twelve the worker is in on a day (0 before the start): the share of the stretched year worked, long leave left out. */
export function monthOfYear(startsOn: string, schedule: YearSchedule, today: string) {
  if (today < startsOn) return 0;
  const worked = workingDaysBetween(startsOn, today, schedule.longLeave);
  return Math.min(12, Math.floor((worked * 12) / schedule.workingDays) + 1);
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

/**
 * The expected days between supervisions on a day: weekly at first, then fortnightly, then monthly, each
 * stage counted in working time, so someone back from long leave early in the year is not yet on monthly.
 * The stages are of the worker's own year, stretched by 1 / FTE as its reviews and months are: at 0.5 FTE
 * the weekly weeks take twelve and "until month 6" a calendar year, so supervision does not go monthly
 * before their 3-month review. The interval itself (a week, a fortnight, a month) stays in calendar days.
 */
export function supervisionInterval(startsOn: string, day: string, settings: AsyeSettings, leave: LeavePeriod[], fte = 1) {
  const stretch = (days: number) => Math.round(days / workingFte(fte));
  if (workingDaysBetween(startsOn, day, leave) < stretch(settings.weeklySupervisionWeeks * 7)) return 7;
  if (day < plusWorkingDays(startsOn, stretch(daysBetween(startsOn, plusMonths(startsOn, settings.fortnightlyUntilMonth))), leave)) return 14;
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
 * from the start of the year to `until` (today, or the end of the year if sooner), in working time: days
 * of `leave` (the year's long leave, joined and in order) are no gap, and a session due during it is due
 * as long after. The stages are stretched by the year's `fte`, as its reviews are. An open gap at the end
 * means supervision is overdue now.
 */
export function supervisionGaps(startsOn: string, sessions: string[], until: string, settings: AsyeSettings, leave: LeavePeriod[], fte = 1): SupervisionGap[] {
  const gaps: SupervisionGap[] = [];
  let previous = startsOn;
  const check = (next: string, closed: boolean) => {
    const interval = supervisionInterval(startsOn, previous, settings, leave, fte);
    if (workingDaysBetween(previous, next, leave) > interval + settings.supervisionGraceDays) gaps.push({ after: previous, dueOn: plusWorkingDays(previous, interval, leave), until: closed ? next : null });
  };
  for (const held of [...new Set(sessions)].sort()) {
    if (held < startsOn || held > until) continue;
    check(held, true);
    previous = held;
  }
  check(until, false);
  return gaps;
}
