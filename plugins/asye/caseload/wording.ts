// The caseload pages' sentences that count something, worded by that count so the English reads "1 person"
// and "5 people", "1 case" and "18.09 cases" (i18next picks the `_one` or `_other` form by `count`; the
// Welsh has one form for any number). The pages and their tests share them.
import type { TFunction } from "i18next";

/** An average and the people it is taken over. The average always shows a decimal place ("1.0 cases"), so only the people are counted. */
export const averageText = (t: TFunction, average: string, people: number) => t("caseload.summary.averageValue", { average, people, count: people });

/** The limit as the page prints it, with "case" or "cases" agreeing with the number shown. */
export const limitText = (t: TFunction, check: { limit: string; limitCount: number }) => t("caseload.summary.limitValue", { limit: check.limit, count: check.limitCount });

/** The heading of a successful import: how many rows were checked. */
export const importDoneText = (t: TFunction, rows: number) => t("caseload.import.done", { rows, count: rows });

/** One week of a successful import: its figures saved, or the same as already held. */
export const importWeekText = (t: TFunction, week: { label: string; rows: number; changed: boolean }) =>
  t(week.changed ? "caseload.import.weekChanged" : "caseload.import.weekUnchanged", { date: week.label, rows: week.rows, count: week.rows });
