// How two stages' answers pair up: the objectives the before-course form showed with those the after-course
// form showed. The subject access download, the impact report and the key-metrics pack all pair them here,
// so a learner reads the same pairing in their download as the figures are built from.
import { sql, type RawBuilder } from "kysely";

/** One objective and where (0-based) each stage's answer holds its rating; null where that stage did not show it. */
export type PlacePair = { objective: string | null; before: number | null; after: number | null };

/**
 * Each place's key: the objective's text, counted so a text listed twice is its first, then its second; a
 * place past the end of the objectives shown (null: answers held before the objectives were kept, on a list
 * since shortened) by its position alone, as it was always paired.
 */
function keysOf(places: (string | null)[]) {
  const seen = new Map<string, number>();
  return places.map((objective, i) => {
    if (objective === null) return `#${i}`;
    seen.set(objective, (seen.get(objective) ?? 0) + 1);
    return `${seen.get(objective)}:${objective}`;
  });
}

/**
 * The places of the two stages paired by the objective's text, never by position: the first time a text
 * appears before the course with the first time it appears after, the second with the second, since the
 * provider may have edited or reordered the objectives between the two forms. The before-course places in
 * the order shown, then any only the after-course form showed.
 */
export function pairPlaces(before: (string | null)[], after: (string | null)[]): PlacePair[] {
  const pairs = new Map<string, PlacePair>();
  keysOf(before).forEach((key, i) => pairs.set(key, { objective: before[i], before: i, after: null }));
  keysOf(after).forEach((key, i) => pairs.set(key, { ...(pairs.get(key) ?? { objective: after[i], before: null }), after: i }));
  return [...pairs.values()];
}

/**
 * A small table of the given rows, built in the query (`select … union all select …`), so the readers that
 * sum in the database can join each answer to what `pairPlaces` made of its pair of lists. Typed by `columns`
 * so both engines read the nulls alike; with no rows, a table with none.
 */
export function rowsTable(columns: Record<string, "text" | "integer">, rows: Record<string, string | number | null>[]): RawBuilder<unknown> {
  const select = (row: Record<string, string | number | null>) =>
    sql`select ${sql.join(Object.entries(columns).map(([name, type]) => sql`cast(${row[name] ?? null} as ${sql.raw(type)}) as ${sql.ref(name)}`))}`;
  return rows.length ? sql`(${sql.join(rows.map(select), sql` union all `)})` : sql`(${select({})} where 1 = 0)`;
}
