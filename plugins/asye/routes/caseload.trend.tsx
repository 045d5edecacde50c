// The caseload trend: each week's experienced average, ASYE average and limit as an SVG line chart, with
// the same figures in a table beside it (and how many ASYE workers the viewer may see were over the line).
import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Table } from "../../../app/components/Table";
import { Tag } from "../../../app/components/Tag";
import { formatDate } from "../../../app/utils/dates";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { pageMeta } from "../../../app/utils/meta";
import { CaseloadLinks } from "../caseload/components/CaseloadLinks";
import { TrendChart, type TrendSeries } from "../caseload/components/TrendChart";
import { PLUGIN_ID, TREND_WEEKS } from "../caseload/constants";
import { formatAverage, formatLimit } from "../caseload/format";
import { flaggedCounts, importedWeeks, weeklyTotals } from "../caseload/server/check.server";
import { caseloadPermissions } from "../caseload/server/pages.server";
import { checkWeek } from "../caseload/server/rule";
import { caseloadSettings } from "../caseload/server/settings.server";
import { addWeeks } from "../caseload/server/weeks";

export const handle = { i18n: ["common", PLUGIN_ID] };
export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { t, viewer, locale } = await authorizePlugin(request, PLUGIN_ID, "person.view");
  const settings = await caseloadSettings();
  const [latest] = await importedWeeks(1);
  const totals = latest ? await weeklyTotals(settings, { fromWeek: addWeeks(latest, -(TREND_WEEKS - 1)) }) : [];
  const flagged = await flaggedCounts(settings, totals, { viewer });
  const weeks = totals.map((w) => {
    const check = checkWeek(w, settings.sharePercent);
    return {
      weekOf: w.weekOf,
      label: formatDate(w.weekOf, locale),
      experienced: check.experiencedAverage,
      asye: check.asyeAverage,
      limit: check.limit,
      experiencedText: formatAverage(check.experiencedAverage, locale),
      asyeText: formatAverage(check.asyeAverage, locale),
      limitText: formatLimit(check.limit, locale),
      overLine: check.asyeOverLine,
      comparable: check.limit !== null && check.asyeAverage !== null,
      flagged: flagged.get(w.weekOf) ?? 0,
    };
  });
  const shortDate = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" });
  return {
    title: t("asye:caseload.trend.title"),
    ...caseloadPermissions(viewer),
    weeks,
    axisLabels: weeks.map((w) => shortDate.format(new Date(`${w.weekOf}T00:00:00Z`))),
    chartDescription: weeks.map((w) => t("asye:caseload.trend.chartWeek", { date: w.label, experienced: w.experiencedText || "-", asye: w.asyeText || "-", limit: w.limitText || "-" })).join("; "),
  };
}

/** The chart's three lines; the page and its tests draw the same ones. */
export function trendSeries(t: TFunction, weeks: { experienced: number | null; asye: number | null; limit: number | null }[]): TrendSeries[] {
  return [
    { key: "experienced", label: t("caseload.trend.seriesExperienced"), colour: "#1d70b8", marker: "circle", values: weeks.map((w) => w.experienced) },
    { key: "asye", label: t("caseload.trend.seriesAsye"), colour: "#d4351c", marker: "square", values: weeks.map((w) => w.asye) },
    { key: "limit", label: t("caseload.trend.seriesLimit"), colour: "#505a5f", dashed: true, values: weeks.map((w) => w.limit) },
  ];
}

export default function CaseloadTrend() {
  const { t } = useTranslation(PLUGIN_ID);
  const { weeks, axisLabels, chartDescription, canImport, canChangeSettings } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-full">
        <h1 className="govuk-heading-l">{t("caseload.trend.title")}</h1>
        <p className="govuk-body">{t("caseload.trend.intro")}</p>
        {weeks.length === 0 ? (
          <p className="govuk-body">{t("caseload.trend.none")}</p>
        ) : (
          <>
            <TrendChart
              title={t("caseload.trend.chartTitle")}
              description={chartDescription}
              labels={axisLabels}
              series={trendSeries(t, weeks)}
            />
            <Table
              caption={t("caseload.trend.tableCaption")}
              rows={[...weeks].reverse()}
              rowKey={(w) => w.weekOf}
              columns={[
                { key: "week", header: t("caseload.trend.week"), cell: (w) => w.label },
                { key: "experienced", header: t("caseload.trend.experienced"), numeric: true, cell: (w) => w.experiencedText },
                { key: "asye", header: t("caseload.trend.asye"), numeric: true, cell: (w) => w.asyeText },
                { key: "limit", header: t("caseload.trend.limit"), numeric: true, cell: (w) => w.limitText },
                { key: "line", header: t("caseload.trend.line"), cell: (w) => (w.comparable ? <Tag colour={w.overLine ? "red" : "green"}>{t(w.overLine ? "caseload.over" : "caseload.within")}</Tag> : "") },
                { key: "flagged", header: t("caseload.trend.flagged"), numeric: true, cell: (w) => w.flagged },
              ]}
            />
          </>
        )}
        <CaseloadLinks current="trend" canImport={canImport} canChangeSettings={canChangeSettings} />
      </div>
    </div>
  );
}
