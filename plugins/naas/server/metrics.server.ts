// NAAS figures for the quarterly key-metrics pack: how the people the accreditation is for spread across
// readiness bands today, and how many were accredited in the quarter.
import { peopleInScope } from "../../../app/services/metrics/scope.server";
import { chunks, readinessScore } from "../../../app/services/readiness.server";
import { READINESS_BANDS, readinessBand } from "../../../app/utils/readiness-bands";
import type { MetricFigure, MetricsScope, PluginContext, ReadinessItem } from "../../sdk";
import { naasDb } from "./db.server";
import { readNaasReadiness } from "./readiness.server";

/**
 * How many people are in each band, a batch of people at a time: the whole service is some 60,000 people,
 * and holding all their assessments at once ran the server out of memory.
 */
export async function bandCounts(ctx: PluginContext, scope: MetricsScope, batchSize?: number) {
  const counts = new Map<string, number>(READINESS_BANDS.map((b) => [b, 0]));
  for (const batch of chunks(await peopleInScope(scope), batchSize)) {
    const byPerson = new Map<number, ReadinessItem[]>();
    for (const item of await readNaasReadiness(ctx, batch)) {
      const items = byPerson.get(item.personId);
      if (items) items.push(item);
      else byPerson.set(item.personId, [item]);
    }
    for (const personItems of byPerson.values()) {
      const score = readinessScore(personItems);
      // Someone the accreditation is not for (yet) is not in any band.
      if (score === null) continue;
      const band = readinessBand(score);
      counts.set(band, (counts.get(band) ?? 0) + 1);
    }
  }
  return counts;
}

async function bandFigures(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const counts = scope.current ? await bandCounts(ctx, scope) : new Map<string, number>();
  return READINESS_BANDS.map((band) => ({
    id: `band.${band}`,
    labelKey: `metrics.band.${band}`,
    value: scope.current ? (counts.get(band) ?? 0) : null,
    unit: "count",
    higherIsBetter: band === "ready" || band === "nearly",
    takenNow: true,
  }));
}

async function accreditedIn(scope: MetricsScope): Promise<MetricFigure> {
  const row = await naasDb()
    .selectFrom("naas_candidates as c")
    .innerJoin("people as p", "p.id", "c.person_id")
    .select((eb) => eb.fn.countAll<number>().as("count"))
    .where("c.outcome", "=", "accredited")
    .where("c.outcome_on", ">=", scope.start)
    .where("c.outcome_on", "<=", scope.end)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
    .executeTakeFirstOrThrow();
  return { id: "accredited", labelKey: "metrics.accredited", value: Number(row.count), unit: "count", higherIsBetter: true };
}

export async function naasMetrics(ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  return [...(await bandFigures(ctx, scope)), await accreditedIn(scope)];
}
