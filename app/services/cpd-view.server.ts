// Shapes CPD status and entries for the pages that show them, in the reader's language.
import { formatDate } from "../utils/dates";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { entrySourceName, OWN_SOURCE, type CpdEntryRow } from "./cpd.server";
import { cpdResult, cpdStandingResult, type CpdStanding, type CpdStatus, type RegistrationYear } from "./cpd-standing.server";
import { formatValues } from "./readiness.server";
import { formatNumber } from "../utils/number-format";

export function yearName(year: RegistrationYear, locale: Locale): string {
  return fixedT(locale)("cpd.yearName", { from: year.from, to: year.to });
}

export function cpdStatusView(status: CpdStatus, locale: Locale) {
  const t = fixedT(locale);
  const result = cpdResult(status);
  return {
    yearId: status.year.id,
    yearName: yearName(status.year, locale),
    result: result.status,
    reason: t(result.reasonKey, formatValues(result.values, locale)),
    current: status.current,
    renewalWindowOpen: status.renewalWindowOpen,
    entries: status.entries,
    peerReflections: status.peerReflections,
    awaitingReflection: status.awaitingReflection,
    required: status.rule.minimumEntries,
    requiredPeer: status.rule.minimumPeerReflections,
    daysToRenewalWindow: status.daysToRenewalWindow,
    daysToYearEnd: status.daysToYearEnd,
    dates: {
      startsOn: formatDate(status.year.startsOn, locale),
      endsOn: formatDate(status.year.endsOn, locale),
      renewalOpensOn: formatDate(status.year.renewalOpensOn, locale),
    },
  };
}

export type CpdStatusViewData = ReturnType<typeof cpdStatusView>;

/**
 * An entry as a list of entries shows it: what, when, how long, who wrote it. Without the person's
 * reflections, which only they read: a manager's or L&D's page of the person sends the browser this.
 */
export function cpdEntrySummary(row: CpdEntryRow, locale: Locale) {
  return {
    id: row.id,
    title: locale === "cy" && row.title_cy ? row.title_cy : row.title,
    occurredOn: row.occurred_on,
    date: formatDate(row.occurred_on, locale),
    hours: formatNumber(row.hours, locale, { maximumFractionDigits: 2 }),
    rawHours: row.hours,
    own: row.source === OWN_SOURCE,
    source: entrySourceName(row.source, locale),
    peerReflection: row.peer_reflection === 1,
    /** Whether it counts towards the requirement: the person has written their reflection (`reflectedEntry`). */
    reflected: row.learning !== null && row.practice_impact !== null,
  };
}

export type CpdEntrySummaryData = ReturnType<typeof cpdEntrySummary>;

/** An entry with the person's reflections, for the person's own pages. */
export function cpdEntryView(row: CpdEntryRow, locale: Locale) {
  return { ...cpdEntrySummary(row, locale), learning: row.learning ?? "", practiceImpact: row.practice_impact ?? "" };
}

export type CpdEntryViewData = ReturnType<typeof cpdEntryView>;

/**
 * The last registration year that ended, when the person owed CPD for it and it ended short: the current
 * year's view says so, as their readiness item does, so a new year's clean start does not hide it.
 */
export function lastYearBehind(standing: CpdStanding | undefined, locale: Locale) {
  if (!standing?.last || standing.last.met) return null;
  const result = cpdStandingResult(standing);
  return { yearId: standing.last.year.id, yearName: yearName(standing.last.year, locale), reason: fixedT(locale)(result.reasonKey, formatValues(result.values, locale)) };
}
