// Level 5 figures for the quarterly key-metrics pack: attendance at the taught sessions held in the quarter.
import { sql } from "kysely";
import { percentOf } from "../../../app/services/metrics/scope.server";
import type { MetricFigure, MetricsScope, PluginContext } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import { leadershipDb } from "./progress.server";

export async function leadershipMetrics(_ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const row = await leadershipDb()
    .selectFrom("attendance as a")
    .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
    .innerJoin("cohorts as c", "c.id", "s.cohort_id")
    .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select((eb) => [eb.fn.countAll<number>().as("marked"), eb.fn.sum<number>(sql`case when a.status = 'present' then 1 else 0 end`).as("present")])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("s.starts_at", ">=", `${scope.start}T00:00:00.000Z`)
    .where("s.starts_at", "<=", `${scope.end}T23:59:59.999Z`)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
    .executeTakeFirstOrThrow();
  return [{ id: "attendance", labelKey: "metrics.attendance", value: percentOf(Number(row.present ?? 0), Number(row.marked)), unit: "percent", higherIsBetter: true }];
}
