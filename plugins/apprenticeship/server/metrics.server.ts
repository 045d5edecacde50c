// Apprenticeship figures for the quarterly key-metrics pack: the share of current apprentices on track with
// off-the-job training today, and how many registered as social workers in the quarter.
import { percentOf } from "../../../app/services/metrics/scope.server";
import type { MetricFigure, MetricsScope, PluginContext } from "../../sdk";
import { apprenticeshipDb } from "./db.server";
import { apprenticeStandingCounts } from "./standing.server";

async function offTheJobOnTrack(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure> {
  const figure = { id: "otj.onTrack", labelKey: "metrics.otjOnTrack", unit: "percent", higherIsBetter: true, takenNow: true } as const;
  if (!scope.current) return { ...figure, labelKey: "metrics.otjOnTrackEarlier", value: null };
  // Counted by the database: reading every apprentice ever would grow with each intake that completes.
  const { current, behind } = await apprenticeStandingCounts(ctx.now(), scope.teamIds);
  return { ...figure, labelValues: { count: current }, value: percentOf(current - behind, current) };
}

async function registeredIn(scope: MetricsScope): Promise<MetricFigure> {
  const row = await apprenticeshipDb()
    .selectFrom("apprenticeship_completions as c")
    .innerJoin("people as p", "p.id", "c.person_id")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("c.registered_on", ">=", scope.start)
    .where("c.registered_on", "<=", scope.end)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
    .executeTakeFirstOrThrow();
  return { id: "registered", labelKey: "metrics.registered", value: Number(row.count), unit: "count", higherIsBetter: true };
}

export async function apprenticeshipMetrics(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  return [await offTheJobOnTrack(ctx, scope), await registeredIn(scope)];
}
