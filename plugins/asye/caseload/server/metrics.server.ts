// The protected caseload in the quarterly key-metrics pack: in the quarter's last reported week, the ASYE
// and experienced averages among the scope's people, and how many ASYE workers were over the line (the
// line drawn from the whole organisation's experienced average, as the weekly check draws it).
import { sql } from "kysely";
import type { MetricFigure, MetricsScope, PluginContext } from "../../../sdk";
import { ASYE_STAGE } from "../constants";
import { checkForWeek } from "./check.server";
import { caseloadDb } from "./db.server";
import { isOverLimit } from "./rule";
import { caseloadSettings } from "./settings.server";

const figure = (id: string, labelKey: string, value: number | null, unit: MetricFigure["unit"], labelValues?: Record<string, string>): MetricFigure => ({
  id,
  labelKey,
  value,
  unit,
  higherIsBetter: false,
  ...(labelValues ? { labelValues } : {}),
});

export async function caseloadMetrics(_ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const settings = await caseloadSettings();
  const latest = await caseloadDb()
    .selectFrom("asye_caseload_stage_totals")
    .select((eb) => eb.fn.max("week_of").as("week"))
    .where("week_of", ">=", scope.start)
    .where("week_of", "<=", scope.end)
    .executeTakeFirst();
  const week = latest?.week ?? null;
  // No week reported in the quarter: labels that name no week (the weekly ones would print "{{week}}").
  if (!week) {
    return [
      figure("caseload.asyeAverage", "caseload.metrics.noWeek.asyeAverage", null, "cases"),
      figure("caseload.experiencedAverage", "caseload.metrics.noWeek.experiencedAverage", null, "cases"),
      figure("caseload.overLine", "caseload.metrics.noWeek.overLine", null, "count", { share: String(settings.sharePercent) }),
    ];
  }
  const check = await checkForWeek(settings, week);
  const inScope = caseloadDb()
    .selectFrom("asye_caseload_figures as f")
    .innerJoin("people as p", "p.id", "f.person_id")
    .where("f.week_of", "=", week)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]));
  const rows = await inScope
    .select((eb) => [
      eb.fn.sum<number>(sql`case when f.career_stage = ${ASYE_STAGE} then f.cases else 0 end`).as("asye_cases"),
      eb.fn.sum<number>(sql`case when f.career_stage = ${ASYE_STAGE} then 1 else 0 end`).as("asye_people"),
      eb.fn.sum<number>(eb.case().when("f.career_stage", "in", settings.experiencedStages).then(eb.ref("f.cases")).else(eb.lit(0)).end()).as("experienced_cases"),
      eb.fn.sum<number>(eb.case().when("f.career_stage", "in", settings.experiencedStages).then(eb.lit(1)).else(eb.lit(0)).end()).as("experienced_people"),
    ])
    .executeTakeFirstOrThrow();
  const asye = await inScope.select("f.cases").where("f.career_stage", "=", ASYE_STAGE).execute();
  const overLine = asye.filter((r) => isOverLimit(r.cases, check, settings.sharePercent)).length;
  const average = (cases: unknown, people: unknown) => (Number(people) > 0 ? Math.round((Number(cases) / Number(people)) * 10) / 10 : null);
  const labelValues = { week };
  return [
    figure("caseload.asyeAverage", "caseload.metrics.asyeAverage", average(rows.asye_cases, rows.asye_people), "cases", labelValues),
    figure("caseload.experiencedAverage", "caseload.metrics.experiencedAverage", average(rows.experienced_cases, rows.experienced_people), "cases", labelValues),
    figure("caseload.overLine", "caseload.metrics.overLine", overLine, "count", { ...labelValues, share: String(settings.sharePercent) }),
  ];
}
