// The impact report as its page and its CSV show it: filters read from the address, numbers formatted.
import type { TFunction } from "i18next";
import { quarterLabel } from "../../../app/services/metrics/metrics-view.server";
import { quarter as calendarQuarter } from "../../../app/services/metrics/quarters";
import { parseId } from "../../../app/utils/http.server";
import type { Locale } from "../../../app/utils/i18n";
import { CHANGED, PLUGIN_ID } from "../programme";
import { fixedT } from "../../../app/utils/i18n.server";
import { ripDb } from "./db.server";
import { impactFilters, impactReport } from "./impact.server";
import { formatNumber, numberFormat } from "../../../app/utils/number-format";

/**
 * A quarter the report lists ("2026-Q3"), named as the metrics pack names quarters, in the reader's language
 * ("July to September 2026"). Not the core's `parseQuarter`: that refuses quarters still to come, and a run
 * may end in one (L&D record completion once it has started).
 */
function quarterName(key: string, locale: Locale, common: TFunction) {
  return quarterLabel(calendarQuarter(Number(key.slice(0, 4)), Number(key.slice(6)) as 1 | 2 | 3 | 4), locale, common);
}

/** A share of the learners who completed, with how many: "83% (1,234)", both in the reader's language. */
function shareOf(n: number, completed: number, locale: Locale) {
  if (!completed) return "0";
  return `${formatNumber(n / completed, locale, { style: "percent", maximumFractionDigits: 0 })} (${formatNumber(n, locale)})`;
}

export async function impactPage(url: URL, locale: Locale) {
  const t = fixedT(locale, PLUGIN_ID);
  const courses = await ripDb().selectFrom("research_in_practice_courses").select(["id", "title"]).orderBy("title").execute();
  const courseId = courses.find((c) => c.id === url.searchParams.get("course"))?.id ?? courses.find((c) => c.id === "rip-permanence")?.id ?? courses[0]?.id;
  if (!courseId) return { courses: [], localities: [], quarters: [], filter: { courseId: "", localityId: null, quarter: null }, report: null };
  const filters = await impactFilters(courseId);
  const localityId = parseId(url.searchParams.get("locality"));
  const quarter = filters.quarters.includes(url.searchParams.get("quarter") ?? "") ? url.searchParams.get("quarter") : null;
  const report = await impactReport({ courseId, localityId: filters.localities.some((l) => l.id === localityId) ? localityId! : undefined, quarter: quarter ?? undefined });
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const percent = (n: number) => shareOf(n, report.completed, locale);
  const objectives = report.objectives.map((o) => ({ objective: o.objective, before: o.before === null ? "" : number.format(o.before), after: o.after === null ? "" : number.format(o.after), change: o.change === null ? "" : `${o.change > 0 ? "+" : ""}${number.format(o.change)}`, changeValue: o.change ?? 0 }));
  const followUp = CHANGED.map((c) => ({ band: c, label: t(`evaluation.changedOptions.${c}`), count: report.followUp[c], display: formatNumber(report.followUp[c], locale) }));
  return {
    courses: courses.map((c) => ({ value: c.id, label: c.title })),
    localities: filters.localities.map((l) => ({ value: l.id, label: l.name })),
    quarters: filters.quarters.map((q) => ({ value: q, label: quarterName(q, locale, fixedT(locale)) })),
    filter: { courseId, localityId, quarter },
    report: {
      completed: report.completed,
      completedDisplay: formatNumber(report.completed, locale),
      rates: { before: percent(report.responses.before), after: percent(report.responses.after), followup: percent(report.responses.followup) },
      objectives,
      // The chart draws the rise in confidence per objective (in hundredths), labelled with the change.
      chart: objectives.map((o, i) => ({ band: String(i), label: t("impact.objectiveShort", { number: i + 1 }), count: Math.round(o.changeValue * 100), display: o.change })),
      chartDescription: objectives.map((o, i) => `${t("impact.objectiveShort", { number: i + 1 })}: ${o.change}`).join("; "),
      followUp,
      followUpDescription: followUp.map((f) => `${f.label}: ${f.display}`).join("; "),
      examples: report.examples,
      // Which figures were withheld for coming from fewer than MINIMUM_GROUP learners' answers: the page and the
      // CSV say so in words rather than showing the blanks and noughts that stand in for them.
      withheld: report.withheld,
    },
  };
}
