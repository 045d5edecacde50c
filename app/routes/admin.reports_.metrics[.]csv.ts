import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { installedPlugins } from "../plugins.server";
import { ALL_SCOPE, type MetricRow } from "../services/metrics/metrics.server";
import { changeText, metricsView } from "../services/metrics/metrics-view.server";
import { csvResponse, toCsv } from "../utils/csv.server";
import { authorize } from "../utils/guard.server";
import type { Locale } from "../utils/i18n";
import { fixedT } from "../utils/i18n.server";

/** A number to one decimal place, as the page shows it, but not grouped by thousands ("1,234" is text to some spreadsheets). */
const plainNumber = (value: number) => String(Math.round(value * 10) / 10);

/**
 * A figure's cell. A spreadsheet reads "75%" as the number 0.75 shown as a percentage, so a percentage
 * carries its sign and still sums and charts as a number; other figures are plain numbers, their unit in
 * the Unit column. A figure not recorded says so, as the page does.
 */
function figureCell(value: number | null, unit: MetricRow["unit"], t: TFunction) {
  if (value === null) return t("metrics.notRecorded");
  return unit === "percent" ? `${plainNumber(value)}%` : plainNumber(value);
}

/**
 * The change in the page's words ("Up 1234 (worse)"), its amount written as the figures beside it are:
 * the two quarters' cells and their difference read alike, and a formula that takes the amount out of
 * the words gets the number, not 1.234 where a comma marks decimals.
 */
const changeCell = (row: MetricRow, locale: Locale, t: TFunction) => changeText(row, locale, t, plainNumber);

/** Where a figure comes from in the reader's words: the programme's title, or the core's own name. */
function sourceNames(locale: Locale, t: TFunction) {
  const titles = new Map(installedPlugins().map((plugin) => [plugin.id, fixedT(locale, plugin.id)(plugin.titleKey)]));
  return (source: string) => titles.get(source) ?? t("metrics.csvColumns.coreSource");
}

/** The same figures as the metrics pack page, for the same quarter and scope, as CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "admin.view");
  const view = await metricsView(new URL(request.url), locale, t);
  const sourceName = sourceNames(locale, t);
  // The page says "the whole service" within a sentence; a cell of its own starts with a capital.
  const scopeName = view.scope === ALL_SCOPE ? t("metrics.csvColumns.wholeService") : view.scopeName;
  const header = [t("metrics.scope"), t("metrics.figure"), t("metrics.source"), t("metrics.csvColumns.unit"), view.previousName, view.quarterName, t("metrics.changeHeader")];
  const rows = view.rows.map((r) => [scopeName, r.label, sourceName(r.source), t(`metrics.csvColumns.units.${r.unit}`), figureCell(r.previous, r.unit, t), figureCell(r.value, r.unit, t), changeCell(r, locale, t)]);
  return csvResponse(`key-metrics-${view.quarter}-${view.scope}.csv`, toCsv(header, rows));
}
