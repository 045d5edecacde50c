// Briefing coverage in the quarterly key-metrics pack: for each rollout running in the quarter, the share of
// the people it is for (within the scope) who are covered today. A state, so earlier quarters show the
// host's snapshot of it.
import type { MetricFigure, MetricsScope, PluginContext } from "../../../sdk";
import { pdDb } from "../db.server";
import { coveredShare, loadRollouts, rolloutProgress } from "./coverage.server";

export async function briefingMetrics(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const running = (await loadRollouts(pdDb())).filter((r) => r.starts_on <= scope.end && r.due_on >= scope.start);
  const figures: MetricFigure[] = [];
  for (const rollout of running) {
    const base = { id: `rollout-${rollout.id}.covered`, labelKey: "metrics.covered", labelValues: { title: rollout.title, target: rollout.target_percent }, unit: "percent", higherIsBetter: true, takenNow: true } as const;
    if (!scope.current) {
      figures.push({ ...base, value: null });
      continue;
    }
    // Only the scope's teams are read: the daily snapshot asks for each of some 150 localities and
    // services in turn, and reading everyone each time made each take a second at national scale.
    const { teams } = await rolloutProgress(rollout, { kind: "everyone" }, ctx.now(), scope.teamIds);
    const total = teams.reduce((sum, t) => sum + t.total, 0);
    const covered = teams.reduce((sum, t) => sum + t.covered, 0);
    figures.push({ ...base, value: total ? coveredShare({ covered, total }) : null });
  }
  return figures;
}
