// The metrics pack as the page and its CSV show it: the chosen quarter and scope from the address (or the
// current quarter and the whole service), and every figure with its change worded in the reader's language.
import type { TFunction } from "i18next";
import { db } from "../../utils/db.server";
import { londonToday } from "../../utils/london-time";
import type { Locale } from "../../utils/i18n";
import { formatNumber } from "../../utils/number-format";
import { ALL_SCOPE, metricsPack, type MetricRow } from "./metrics.server";
import { parseQuarter, previousQuarter, quarterOf, recentQuarters, type Quarter } from "./quarters";

const oneDecimal = (value: number, locale: Locale) => formatNumber(value, locale, { maximumFractionDigits: 1 });

export function quarterLabel(q: Quarter, locale: Locale, t: TFunction) {
  const month = (iso: string) => new Intl.DateTimeFormat(locale, { month: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  return t("metrics.quarterLabel", { from: month(q.start), to: month(q.end), year: q.year });
}

export function display(value: number | null, unit: MetricRow["unit"], locale: Locale, t: TFunction) {
  if (value === null) return t("metrics.notRecorded");
  return unit === "percent" ? `${oneDecimal(value, locale)}%` : oneDecimal(value, locale);
}

/**
 * How a figure moved since the quarter before, in words: "Up 1 percentage point (better)", its amount
 * written by `written` (the page groups thousands in the reader's way; the CSV writes a plain number).
 */
export function changeText(row: Pick<MetricRow, "change" | "unit" | "higherIsBetter">, locale: Locale, t: TFunction, written: (amount: number) => string = (amount) => oneDecimal(amount, locale)) {
  if (row.change === null) return t("metrics.change.none");
  if (row.change === 0) return t("metrics.change.same");
  // Worded by the amount as shown, to one decimal place: 1.04 shows "1", and is one point.
  const shown = Math.round(Math.abs(row.change) * 10) / 10;
  const amount = row.unit === "percent" ? t("metrics.change.points", { amount: written(shown), count: shown }) : written(shown);
  const better = row.change > 0 === row.higherIsBetter;
  return t(row.change > 0 ? "metrics.change.up" : "metrics.change.down", { amount, verdict: t(better ? "metrics.change.better" : "metrics.change.worse") });
}

export async function metricsView(url: URL, locale: Locale, t: TFunction, now = new Date()) {
  const today = londonToday(now);
  const q = parseQuarter(url.searchParams.get("quarter"), today) ?? quarterOf(today);
  const units = await db().selectFrom("org_units").select(["id", "name"]).where("parent_id", "is", null).orderBy("kind").orderBy("name").execute();
  const askedScope = url.searchParams.get("scope");
  const unit = units.find((u) => String(u.id) === askedScope);
  const scopeKey = unit ? String(unit.id) : ALL_SCOPE;
  const rows = await metricsPack(q, scopeKey, locale, today);
  const quarterName = quarterLabel(q, locale, t);
  const previousName = quarterLabel(previousQuarter(q), locale, t);
  return {
    quarter: q.key,
    scope: scopeKey,
    quarterName,
    previousName,
    scopeName: unit?.name ?? t("metrics.wholeService"),
    quarters: recentQuarters(today).map((r) => ({ value: r.key, label: quarterLabel(r, locale, t) })),
    scopes: [{ value: ALL_SCOPE, label: t("metrics.wholeService") }, ...units.map((u) => ({ value: String(u.id), label: u.name }))],
    rows: rows.map((row) => ({
      ...row,
      valueDisplay: display(row.value, row.unit, locale, t),
      previousDisplay: display(row.previous, row.unit, locale, t),
      changeDisplay: changeText(row, locale, t),
    })),
  };
}
