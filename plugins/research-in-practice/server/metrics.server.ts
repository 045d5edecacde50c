// Research in Practice figures for the quarterly key-metrics pack: course impact for runs that ended in the
// quarter, as the learners' own change in confidence and what they said at three months. Aggregates only.
import { percentOf } from "../../../app/services/metrics/scope.server";
import type { MetricFigure, MetricsScope, PluginContext } from "../../sdk";
import { ripDb } from "./db.server";

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

export async function ripMetrics(_ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const rows = await ripDb()
    .selectFrom("research_in_practice_evaluations as ev")
    .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select(["ev.before_json", "ev.after_json", "ev.followup_changed"])
    .where("c.programme_id", "=", "research-in-practice")
    .where("c.ends_on", ">=", scope.start)
    .where("c.ends_on", "<=", scope.end)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
    .execute();
  // Each learner's mean change over the course's objectives, where they answered both before and after.
  const changes = rows
    .filter((r) => r.before_json && r.after_json)
    .map((r) => {
      const before = JSON.parse(r.before_json!) as number[];
      const after = JSON.parse(r.after_json!) as number[];
      return mean(after.map((a, i) => a - (before[i] ?? a)));
    })
    .filter((c): c is number => c !== null);
  const followUps = rows.filter((r) => r.followup_changed);
  const changed = followUps.filter((r) => r.followup_changed === "yes" || r.followup_changed === "partly").length;
  const change = mean(changes);
  return [
    { id: "confidence", labelKey: "metrics.confidence", labelValues: { count: changes.length }, value: change === null ? null : Math.round(change * 10) / 10, unit: "score", higherIsBetter: true },
    { id: "practiceChanged", labelKey: "metrics.practiceChanged", labelValues: { count: followUps.length }, value: percentOf(changed, followUps.length), unit: "percent", higherIsBetter: true },
  ];
}
