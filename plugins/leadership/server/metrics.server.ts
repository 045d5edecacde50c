// Level 5 figures for the quarterly key-metrics pack: attendance at the taught sessions held in the quarter.
import { sql } from "kysely";
import { percentOf, quarterInstants } from "../../../app/services/metrics/scope.server";
import type { MetricFigure, MetricsScope, PluginContext } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import { leadershipDb } from "./progress.server";

export async function leadershipMetrics(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const row = await leadershipDb()
    .selectFrom("attendance as a")
    .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
    .innerJoin("cohorts as c", "c.id", "s.cohort_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select((eb) => [eb.fn.countAll<number>().as("marked"), eb.fn.sum<number>(sql`case when a.status = 'present' then 1 else 0 end`).as("present")])
    .where("c.programme_id", "=", PLUGIN_ID)
    // London's quarter: a session at 00:30 on 1 July in summer time is July's.
    .where("s.starts_at", ">=", quarterInstants(scope).startsAt)
    .where("s.starts_at", "<", quarterInstants(scope).endsBefore)
    // Held sessions only: a mark kept on one later cancelled, or on one still to come, was never attendance.
    .where("s.status", "=", "scheduled")
    .where("s.starts_at", "<=", ctx.now().toISOString())
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
    .executeTakeFirstOrThrow();
  return [{ id: "attendance", labelKey: "metrics.attendance", value: percentOf(Number(row.present ?? 0), Number(row.marked)), unit: "percent", higherIsBetter: true }];
}
