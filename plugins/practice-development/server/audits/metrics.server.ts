// Learning actions from audits in the quarterly key-metrics pack: how many are open, and how many of
// those are overdue. A state, so earlier quarters show the host's snapshot of it. Within a locality, an
// action counts when its finding concerns one of the locality's teams or it offers places to one.
import { sql } from "kysely";
import { londonToday } from "../../../../app/utils/london-time";
import type { MetricFigure, MetricsScope, PluginContext } from "../../../sdk";
import { auditDb } from "./db.server";

export async function auditMetrics(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const base = { unit: "count", higherIsBetter: false, takenNow: true } as const;
  if (!scope.current) return [{ ...base, id: "audit-actions.open", labelKey: "audits.metrics.open", value: null }, { ...base, id: "audit-actions.overdue", labelKey: "audits.metrics.overdue", value: null }];
  const today = londonToday(ctx.now());
  let query = auditDb()
    .selectFrom("practice_development_audit_actions as a")
    .innerJoin("practice_development_audit_findings as f", "f.id", "a.finding_id")
    .select([(eb) => eb.fn.countAll<number>().as("open"), sql<number>`sum(case when a.due_on < ${today} then 1 else 0 end)`.as("overdue")])
    .where("a.status", "=", "open");
  const teamIds = scope.teamIds;
  if (teamIds) {
    if (!teamIds.length) return [{ ...base, id: "audit-actions.open", labelKey: "audits.metrics.open", value: 0 }, { ...base, id: "audit-actions.overdue", labelKey: "audits.metrics.overdue", value: 0 }];
    query = query.where((eb) => eb.or([eb("f.team_id", "in", teamIds), eb.exists(eb.selectFrom("practice_development_audit_action_teams as t").select("t.team_id").whereRef("t.action_id", "=", "a.id").where("t.team_id", "in", teamIds))]));
  }
  const row = await query.executeTakeFirstOrThrow();
  return [
    { ...base, id: "audit-actions.open", labelKey: "audits.metrics.open", value: Number(row.open ?? 0) },
    { ...base, id: "audit-actions.overdue", labelKey: "audits.metrics.overdue", value: Number(row.overdue ?? 0) },
  ];
}
