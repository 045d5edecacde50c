// The quarterly key-metrics pack: the core's figures and every enabled plugin's, for a quarter and a
// locality or the whole service, each beside the quarter before. Figures that are a state only known now
// come, for past quarters, from the snapshots the daily job keeps.
import type { MetricFigure, MetricsScope, ProgrammePlugin } from "../../../plugins/sdk";
import { enabledPlugins } from "../../plugins.server";
import type { Insertable } from "kysely";
import type { MetricSnapshotTable } from "../../../db/schema";
import { db } from "../../utils/db.server";
import { londonToday } from "../../utils/london-time";
import { fixedT } from "../../utils/i18n.server";
import type { Locale } from "../../utils/i18n";
import { SYSTEM_ACTOR } from "../audit.server";
import { pluginContext } from "../plugin-context.server";
import { chunks, formatValues } from "../readiness.server";
import { coreFigures } from "./core-figures.server";
import { previousQuarter, quarterOf, type Quarter } from "./quarters";

export const ALL_SCOPE = "all";

export interface MetricRow {
  key: string;
  source: string;
  label: string;
  unit: MetricFigure["unit"];
  higherIsBetter: boolean;
  value: number | null;
  previous: number | null;
  change: number | null;
}

interface Source {
  id: string;
  figures: (scope: MetricsScope) => Promise<MetricFigure[]>;
}

/** Every figure's source; `now` is the moment "taken now" figures are read at (a snapshot's), the core's and, through their context's clock, the plugins'. */
async function sources(locale: Locale, now = new Date()): Promise<Source[]> {
  const plugins: ProgrammePlugin[] = (await enabledPlugins()).filter((p) => p.metrics);
  return [
    { id: "common", figures: (scope) => coreFigures(scope, locale, now) },
    ...plugins.map((plugin) => ({ id: plugin.id, figures: (scope: MetricsScope) => plugin.metrics!(pluginContext(plugin, locale, SYSTEM_ACTOR, () => now), scope) })),
  ];
}

/** The teams in a locality or city-wide service; null for the whole organisation. */
export async function teamsOf(scopeKey: string): Promise<number[] | null> {
  if (scopeKey === ALL_SCOPE) return null;
  const rows = await db().selectFrom("org_units").select("id").where("parent_id", "=", Number(scopeKey)).where("kind", "=", "team").execute();
  return rows.map((r) => r.id);
}

async function snapshots(quarterKey: string, scopeKey: string) {
  const rows = await db().selectFrom("metric_snapshots").select(["metric_key", "value"]).where("quarter", "=", quarterKey).where("scope_key", "=", scopeKey).execute();
  return new Map(rows.map((r) => [r.metric_key, r.value]));
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The pack for a quarter and scope ("all" or an org unit id), in the reader's language. */
export async function metricsPack(q: Quarter, scopeKey: string, locale: Locale, today: string): Promise<MetricRow[]> {
  const before = previousQuarter(q);
  const teamIds = await teamsOf(scopeKey);
  const isCurrent = quarterOf(today).key === q.key;
  const [kept, keptBefore] = await Promise.all([snapshots(q.key, scopeKey), snapshots(before.key, scopeKey)]);
  const rows: MetricRow[] = [];
  for (const source of await sources(locale)) {
    const t = fixedT(locale, source.id);
    const now = await source.figures({ start: q.start, end: q.end, teamIds, current: isCurrent });
    const then = new Map((await source.figures({ start: before.start, end: before.end, teamIds, current: false })).map((f) => [f.id, f]));
    for (const figure of now) {
      const key = `${source.id}:${figure.id}`;
      const value = figure.takenNow && !isCurrent ? (kept.get(key) ?? null) : figure.value;
      const previous = figure.takenNow ? (keptBefore.get(key) ?? null) : (then.get(figure.id)?.value ?? null);
      rows.push({
        key,
        source: source.id,
        label: t(figure.labelKey, { ...formatValues(figure.labelValues, locale), interpolation: { escapeValue: false } }),
        unit: figure.unit,
        higherIsBetter: figure.higherIsBetter,
        value,
        previous,
        change: value !== null && previous !== null ? round(value - previous) : null,
      });
    }
  }
  return rows;
}

/**
 * Keeps today's value of every "taken now" figure for the current quarter, for the whole organisation and
 * each locality and city-wide service. Run daily, the last write before a quarter ends is its value at the end.
 */
export async function recordMetricSnapshots(now: Date, progress: (done: number, total: number) => void = () => undefined) {
  const today = londonToday(now);
  const q = quarterOf(today);
  const units = await db().selectFrom("org_units").select("id").where("parent_id", "is", null).execute();
  const scopeKeys = [ALL_SCOPE, ...units.map((u) => String(u.id))];
  const all = await sources("en-GB", now);
  const snapshots: Insertable<MetricSnapshotTable>[] = [];
  for (const [done, scopeKey] of scopeKeys.entries()) {
    const teamIds = await teamsOf(scopeKey);
    for (const source of all) {
      const figures = (await source.figures({ start: q.start, end: q.end, teamIds, current: true })).filter((f) => f.takenNow);
      snapshots.push(...figures.map((figure) => ({ quarter: q.key, scope_key: scopeKey, metric_key: `${source.id}:${figure.id}`, value: figure.value, recorded_at: now.toISOString() })));
    }
    progress(done + 1, scopeKeys.length);
  }
  await saveSnapshots(snapshots);
  return { quarter: q.key, scopes: scopeKeys.length, written: snapshots.length };
}

/**
 * Every figure of the day in one transaction, after all are worked out: saved one at a time, a failure
 * part way left some places with today's figures and others with yesterday's, and on a quarter's last day
 * that mixture would be kept as the quarter's "taken now" figures for good.
 */
async function saveSnapshots(snapshots: Insertable<MetricSnapshotTable>[]) {
  await db()
    .transaction()
    .execute(async (trx) => {
      for (const batch of chunks(snapshots, 500)) {
        await trx
          .insertInto("metric_snapshots")
          .values(batch)
          .onConflict((oc) => oc.columns(["quarter", "scope_key", "metric_key"]).doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), recorded_at: eb.ref("excluded.recorded_at") })))
          .execute();
      }
    });
}
