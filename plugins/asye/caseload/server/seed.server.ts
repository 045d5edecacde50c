// Twelve weeks of caseload figures for the seeded organisation. The latest week reproduces the source's
// weekly report exactly (ASYE 19.6 against 20.1 for experienced social workers; the week before 19.1 and
// 20.9), so the ASYE average is over the 90% line (18.09). Larger scales get the same averages.
import type { SeedContext, SeedScale } from "../../../sdk";
import { chunks } from "../../../../app/services/readiness.server";
import { londonToday } from "../../../../app/utils/london-time";
import { seededRandom } from "../../../../db/seed/random";
import { ASYE_STAGE, DEFAULT_EXPERIENCED_STAGES, MAX_CASES } from "../constants";
import { asCaseloadDb, recountWeek } from "./db.server";
import { addWeeks, weekOf } from "./weeks";

/** Each week's averages in tenths of a case, oldest first; the last two are the source's. */
export const SEEDED_TREND = {
  asye: [172, 176, 174, 180, 182, 178, 184, 186, 188, 186, 191, 196],
  experienced: [218, 216, 219, 214, 212, 215, 210, 213, 211, 214, 209, 201],
};

/**
 * How many of `available` people a week's report lists so that whole caseloads can average exactly
 * `tenths`/10: 19.6 needs a multiple of 5 people, 20.1 a multiple of 10. The rest are away that week
 * (leave, training), as in any real weekly report. With fewer people than that, everyone is listed and the
 * average is as near as whole cases allow.
 */
export function reportedCount(available: number, tenths: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const step = 10 / gcd(tenths % 10, 10);
  return available >= step ? available - (available % step) : available;
}

/**
 * `count` whole caseloads, spread around the average, that add up to exactly average x count (or as near
 * as whole numbers allow). `pinned` fixes the first worker's caseload, so the demo has a known case.
 */
export function caseloadsWithAverage(count: number, tenths: number, random: () => number, spread: number, pinned?: number): number[] {
  if (count === 0) return [];
  const target = Math.round((tenths * count) / 10);
  const mean = tenths / 10;
  const values = Array.from({ length: count }, () => Math.min(MAX_CASES, Math.max(1, Math.round(mean + (random() * 2 - 1) * spread))));
  const first = pinned === undefined ? 0 : 1;
  if (pinned !== undefined) values[0] = pinned;
  let diff = target - values.reduce((sum, v) => sum + v, 0);
  // Nudge the others one case at a time until the total is right; nobody goes below one case.
  // (Bounded, so an impossible average, more than the maximum per person, cannot loop forever.)
  for (let i = first, steps = 0; diff !== 0 && count > first && steps < count * MAX_CASES * 2; i = i + 1 >= count ? first : i + 1, steps += 1) {
    if (diff > 0 && values[i] < MAX_CASES) {
      values[i] += 1;
      diff -= 1;
    } else if (diff < 0 && values[i] > 1) {
      values[i] -= 1;
      diff += 1;
    }
  }
  return values;
}

export async function seedCaseload(ctx: SeedContext, scale: SeedScale): Promise<void> {
  const db = asCaseloadDb(ctx.db);
  const stages = new Map<number, string | null>();
  for (const batch of chunks(ctx.people.map((p) => p.id))) {
    for (const row of await db.selectFrom("people").select(["id", "career_stage"]).where("id", "in", batch).execute()) stages.set(row.id, row.career_stage);
  }
  const byId = (a: number, b: number) => a - b;
  const experienced = [...stages].filter(([, s]) => s !== null && DEFAULT_EXPERIENCED_STAGES.includes(s)).map(([id]) => id).sort(byId);
  const asye = [...stages].filter(([, s]) => s === ASYE_STAGE).map(([id]) => id).sort(byId);
  const random = seededRandom(scale === "demo" ? 19 : scale === "city" ? 23 : 29).next;
  // Last week as London counts it: seeded just after midnight on a summer Monday, UTC's date is still
  // Sunday, and the latest figures would be a fortnight old.
  const latest = addWeeks(weekOf(londonToday(ctx.now())), -1);
  const importedAt = ctx.now().toISOString();
  const weeks = SEEDED_TREND.asye.length;

  const rows: { week_of: string; person_id: number; cases: number; career_stage: string; imported_at: string }[] = [];
  for (let w = 0; w < weeks; w += 1) {
    const week = addWeeks(latest, w - (weeks - 1));
    const add = (ids: number[], tenths: number, stage: (id: number) => string, spread: number, pinned?: number) => {
      const listed = ids.slice(0, reportedCount(ids.length, tenths));
      caseloadsWithAverage(listed.length, tenths, random, spread, pinned).forEach((cases, i) =>
        rows.push({ week_of: week, person_id: listed[i], cases, career_stage: stage(listed[i]), imported_at: importedAt }),
      );
    };
    add(experienced, SEEDED_TREND.experienced[w], (id) => stages.get(id)!, 7);
    // In the latest week the first ASYE worker (the demo's ASYE account) is clearly over the line.
    add(asye, SEEDED_TREND.asye[w], () => ASYE_STAGE, 5, w === weeks - 1 ? 23 : undefined);
  }
  let done = 0;
  for (const batch of chunks(rows, 500)) {
    await db.insertInto("asye_caseload_figures").values(batch).execute();
    done += batch.length;
    ctx.progress("caseload", done, rows.length);
  }
  for (const week of new Set(rows.map((r) => r.week_of))) await recountWeek(db, week);
}
