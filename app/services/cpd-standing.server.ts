// Where someone stands against Social Work England's CPD requirement. The registration year runs from
// 1 December to 30 November and renewal is from 1 September to 30 November; the rule (how many entries,
// how many reflected on with a peer) is a setting with the regulator's numbers as defaults. An entry
// counts once the person has written what they learnt and how it changes their practice
// (`reflectedEntry`). The entries themselves, and a person's changes to them, are in cpd.server.ts.
import { sql } from "kysely";
import { db } from "../utils/db.server";
import { londonToday } from "../utils/london-time";
import { chunks } from "./readiness.server";
import { readSettings } from "./settings.server";

/** Social Work England began regulating on 1 December 2019; the record is kept for it. */
export const EARLIEST_ENTRY_DATE = "2019-12-01";

export const CPD_SETTINGS_PREFIX = "cpd";
export const CPD_RULE_DEFAULTS = { minimumEntries: 2, minimumPeerReflections: 1 };
export type CpdRule = typeof CPD_RULE_DEFAULTS;

/** The rule as configured; a stored value that is not a sensible whole number falls back to the default. */
export async function cpdRule(): Promise<CpdRule> {
  const stored = await readSettings(CPD_SETTINGS_PREFIX, { ...CPD_RULE_DEFAULTS });
  const whole = (value: unknown, fallback: number) => (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 100 ? (value as number) : fallback);
  return {
    minimumEntries: whole(stored.minimumEntries, CPD_RULE_DEFAULTS.minimumEntries),
    minimumPeerReflections: whole(stored.minimumPeerReflections, CPD_RULE_DEFAULTS.minimumPeerReflections),
  };
}

export interface RegistrationYear {
  /** "2025-2026": how the year appears in addresses. */
  id: string;
  from: number;
  to: number;
  startsOn: string;
  endsOn: string;
  renewalOpensOn: string;
}

export function registrationYearStarting(from: number): RegistrationYear {
  return { id: `${from}-${from + 1}`, from, to: from + 1, startsOn: `${from}-12-01`, endsOn: `${from + 1}-11-30`, renewalOpensOn: `${from + 1}-09-01` };
}

/** The registration year a date belongs to: 30 November ends a year, 1 December starts the next. */
export function registrationYearOf(day: string): RegistrationYear {
  const year = Number(day.slice(0, 4));
  return registrationYearStarting(day.slice(5, 7) === "12" ? year : year - 1);
}


/** A year from an address ("2025-2026"), or undefined when it is not one we could hold entries for. */
export function parseRegistrationYear(id: string | null | undefined, now: Date): RegistrationYear | undefined {
  const match = /^(\d{4})-(\d{4})$/.exec(id ?? "");
  if (!match || Number(match[2]) !== Number(match[1]) + 1) return undefined;
  const from = Number(match[1]);
  if (from < registrationYearOf(EARLIEST_ENTRY_DATE).from - 20 || from > registrationYearOf(londonToday(now)).from) return undefined;
  return registrationYearStarting(from);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

export interface CpdStatus {
  year: RegistrationYear;
  rule: CpdRule;
  /** Entries the person has reflected on (what they learnt, how it changes their practice): those that count. */
  entries: number;
  peerReflections: number;
  /** Programme entries in the year still waiting for the person's reflection, which count once it is added. */
  awaitingReflection: number;
  missingEntries: number;
  missingPeerReflections: number;
  met: boolean;
  /** Whether this is the year today falls in (an earlier year is closed). */
  current: boolean;
  renewalWindowOpen: boolean;
  /** Days from today until the renewal window opens (0 once it is open) and until the year ends. */
  daysToRenewalWindow: number;
  daysToYearEnd: number;
  /**
   * When what is missing is due: the year's last day, 30 November, when the renewal window closes. The
   * window's opening (1 September) is when renewal starts, not a deadline.
   */
  dueBy: string;
}

/**
 * Whether an entry is a piece of CPD Social Work England would accept: the person has written what they
 * learnt and how it changes their practice. Their own entries always have both (the form asks for them);
 * an entry a programme writes records only that the learning happened, so it counts once the person adds
 * their reflection to it (`reflectOnCpdEntry`).
 */
export const reflectedEntry = sql<boolean>`(learning is not null and practice_impact is not null)`;

type YearCounts = { entries: number; peer: number; awaiting: number };
const NO_ENTRIES: YearCounts = { entries: 0, peer: 0, awaiting: 0 };

/**
 * Each person's counts in each of `years`, in one grouped query per two thousand people however many
 * years: a sum per year and count, not a row per year, so the query groups by the person alone.
 */
async function countsByYear(personIds: number[], years: RegistrationYear[]): Promise<Map<number, YearCounts>[]> {
  const byYear = years.map(() => new Map<number, YearCounts>());
  if (personIds.length === 0 || years.length === 0) return byYear;
  const from = years.map((y) => y.startsOn).sort()[0];
  const to = years.map((y) => y.endsOn).sort().reverse()[0];
  const sums = years.flatMap((y, i) => {
    const inYear = sql`(occurred_on >= ${y.startsOn} and occurred_on <= ${y.endsOn})`;
    return [
      sql<string | number>`sum(case when ${inYear} and ${reflectedEntry} then 1 else 0 end)`.as(`entries${i}`),
      sql<string | number>`sum(case when ${inYear} and ${reflectedEntry} then peer_reflection else 0 end)`.as(`peer${i}`),
      sql<string | number>`sum(case when ${inYear} and not ${reflectedEntry} then 1 else 0 end)`.as(`awaiting${i}`),
    ];
  });
  for (const ids of chunks(personIds)) {
    const rows = (await db()
      .selectFrom("cpd_entries")
      .select("person_id")
      .select(sums)
      .where("person_id", "in", ids)
      .where("occurred_on", ">=", from)
      .where("occurred_on", "<=", to)
      .groupBy("person_id")
      .execute()) as unknown as ({ person_id: number } & Record<string, string | number | null>)[];
    for (const row of rows) {
      years.forEach((_, i) => byYear[i].set(row.person_id, { entries: Number(row[`entries${i}`] ?? 0), peer: Number(row[`peer${i}`] ?? 0), awaiting: Number(row[`awaiting${i}`] ?? 0) }));
    }
  }
  return byYear;
}

/** One person's standing in one year from their counts, seen on `today`. */
function statusOf(year: RegistrationYear, rule: CpdRule, today: string, { entries, peer, awaiting }: YearCounts): CpdStatus {
  const current = today >= year.startsOn && today <= year.endsOn;
  const missingEntries = Math.max(0, rule.minimumEntries - entries);
  const missingPeerReflections = Math.max(0, rule.minimumPeerReflections - peer);
  return {
    year,
    rule,
    entries,
    peerReflections: peer,
    awaitingReflection: awaiting,
    missingEntries,
    missingPeerReflections,
    met: missingEntries === 0 && missingPeerReflections === 0,
    current,
    renewalWindowOpen: current && today >= year.renewalOpensOn,
    daysToRenewalWindow: current ? Math.max(0, daysBetween(today, year.renewalOpensOn)) : 0,
    daysToYearEnd: current ? daysBetween(today, year.endsOn) : 0,
    dueBy: year.endsOn,
  };
}

/**
 * Each person's standing against the rule in one registration year (by default the one today falls
 * in): one query per two thousand people, whatever their number.
 */
export async function cpdStatusFor(personIds: number[], now = new Date(), year?: RegistrationYear): Promise<Map<number, CpdStatus>> {
  const today = londonToday(now);
  const target = year ?? registrationYearOf(today);
  const rule = await cpdRule();
  const [counts] = await countsByYear(personIds, [target]);
  return new Map(personIds.map((id) => [id, statusOf(target, rule, today, counts.get(id) ?? NO_ENTRIES)]));
}

/**
 * The requirement's result in one year, with a reason a person can read (keys in common): met; in
 * progress while the year is open, saying what is missing and that it is due by the year's end (and,
 * before the renewal window opens, when it does); not met once a year has closed short.
 */
export function cpdResult(status: CpdStatus): { status: "met" | "in_progress" | "not_met"; reasonKey: string; values: Record<string, string | number> } {
  const values = { ...yearValues(status), opens: status.year.renewalOpensOn };
  if (status.met) return { status: "met", reasonKey: "readiness.cpd.met", values };
  if (!status.current) return { status: "not_met", reasonKey: "readiness.cpd.closed", values };
  const missing = status.missingEntries > 0 && status.missingPeerReflections > 0 ? "both" : status.missingEntries > 0 ? "entries" : "peer";
  const deadline = status.renewalWindowOpen ? "beforeYearEnd" : "beforeWindow";
  return { status: "in_progress", reasonKey: `readiness.cpd.${deadline}.${missing}`, values };
}

function yearValues(status: CpdStatus) {
  return {
    from: status.year.from,
    to: status.year.to,
    entries: status.entries,
    peer: status.peerReflections,
    required: status.rule.minimumEntries,
    requiredPeer: status.rule.minimumPeerReflections,
    date: status.dueBy,
  };
}

/**
 * Whether a person is up to date with CPD: the registration year today falls in, and the last one that
 * has ended when they owed it.
 */
export interface CpdStanding {
  current: CpdStatus;
  /** The last registration year that has ended, when the person owed CPD for it; undefined when not. */
  last?: CpdStatus;
}

/**
 * Whether someone owed CPD for a registration year: they had qualified by its last day (as the key
 * metrics count a registered social worker from their qualification date), and Social Work England was
 * regulating (from 1 December 2019).
 */
export function owedCpdFor(year: RegistrationYear, qualifiedOn: string): boolean {
  return qualifiedOn <= year.endsOn && year.startsOn >= EARLIEST_ENTRY_DATE;
}

/**
 * Each person's standing, this year and the last one that ended, for people with a qualification date:
 * one query per two thousand people for both years, whatever their number.
 */
export async function cpdStandingFor(people: { id: number; qualifiedOn: string }[], now = new Date()): Promise<Map<number, CpdStanding>> {
  const today = londonToday(now);
  const current = registrationYearOf(today);
  const last = registrationYearStarting(current.from - 1);
  const rule = await cpdRule();
  const [thisYear, lastYear] = await countsByYear(people.map((p) => p.id), [current, last]);
  return new Map(
    people.map((p) => [
      p.id,
      {
        current: statusOf(current, rule, today, thisYear.get(p.id) ?? NO_ENTRIES),
        ...(owedCpdFor(last, p.qualifiedOn) ? { last: statusOf(last, rule, today, lastYear.get(p.id) ?? NO_ENTRIES) } : {}),
      },
    ]),
  );
}

/** One person's standing; undefined when no qualification date is recorded for them, so no CPD is owed. */
export async function cpdStandingOf(personId: number, now = new Date()): Promise<CpdStanding | undefined> {
  const person = await db().selectFrom("people").select("qualification_date").where("id", "=", personId).executeTakeFirst();
  if (!person?.qualification_date) return undefined;
  return (await cpdStandingFor([{ id: personId, qualifiedOn: person.qualification_date }], now)).get(personId);
}

/**
 * Whether the person is up to date, as the readiness item and the career pathway count it, with a reason
 * naming both years. Behind (not met) only when the last year they owed ended short. Otherwise up to date:
 * met while this year's CPD is not yet due for renewal (a new year starting on 1 December at nothing
 * recorded is not a failing), and in progress ("needs attention") but holding once the renewal window is
 * open with this year's still missing, as it is due by 30 November (`holds`: the pathway counts it as met).
 */
export function cpdStandingResult(standing: CpdStanding): ReturnType<typeof cpdResult> & { holds?: boolean } {
  const { current, last } = standing;
  const values: Record<string, string | number> = { ...yearValues(current), opens: current.year.renewalOpensOn };
  if (last) Object.assign(values, { lastFrom: last.year.from, lastTo: last.year.to, lastEnd: last.year.endsOn, lastEntries: last.entries, lastPeer: last.peerReflections });
  if (last && !last.met) return { status: "not_met", reasonKey: "readiness.cpd.lastYearNotMet", values };
  const before = last ? "lastMet" : "noEarlierYear";
  if (current.met) return { status: "met", reasonKey: last ? "readiness.cpd.upToDate.bothMet" : "readiness.cpd.met", values };
  const reasonKey = `readiness.cpd.upToDate.${before}`;
  return current.renewalWindowOpen ? { status: "in_progress", reasonKey, values, holds: true } : { status: "met", reasonKey, values };
}

export async function cpdStatusOf(personId: number, now = new Date(), year?: RegistrationYear): Promise<CpdStatus> {
  return (await cpdStatusFor([personId], now, year)).get(personId)!;
}
