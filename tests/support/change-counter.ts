// Counts every committed row change in the test database, table by table, so a test can say "this
// request stored nothing" exactly and cheaply. A row trigger on each table bumps that table's count in
// the same transaction as the change, so a rolled-back write counts nothing, and reading the counts is one
// query however large the data. Test databases only: it adds a table and triggers to the schema.
import { sql } from "kysely";
import { db } from "../../app/utils/db.server";
import { tableNames } from "./fault-fingerprint";
import { onPostgres } from "./test-database";

const COUNTS = "test_row_changes";

export type ChangeCounts = Map<string, number>;

export async function installChangeCounter() {
  // Ordinary tables: the people search's FTS5 index changes only through triggers on people.
  const tables = (await tableNames(db())).filter((name) => name !== COUNTS);
  await sql`create table ${sql.table(COUNTS)} (table_name text primary key, changes integer not null)`.execute(db());
  await db()
    .insertInto(COUNTS as never)
    .values(tables.map((name) => ({ table_name: name, changes: 0 })) as never)
    .execute();
  if (onPostgres()) {
    await sql
      .raw(
        `create function test_count_row_change() returns trigger language plpgsql as $$
         begin update ${COUNTS} set changes = changes + 1 where table_name = tg_table_name; return null; end $$`,
      )
      .execute(db());
    for (const table of tables) {
      await sql.raw(`create trigger test_count_row_change after insert or update or delete on "${table}" for each row execute function test_count_row_change()`).execute(db());
    }
    return;
  }
  for (const table of tables) {
    for (const event of ["insert", "update", "delete"]) {
      await sql
        .raw(`create trigger "test_count_${event}_${table}" after ${event} on "${table}" begin update ${COUNTS} set changes = changes + 1 where table_name = '${table}'; end`)
        .execute(db());
    }
  }
}

export async function changeCounts(): Promise<ChangeCounts> {
  const rows = await sql<{ table_name: string; changes: number }>`select table_name, changes from ${sql.table(COUNTS)}`.execute(db());
  return new Map(rows.rows.map((r) => [r.table_name, Number(r.changes)]));
}

/** The tables with rows changed between two readings, with how many changes each. */
export function changesBetween(before: ChangeCounts, after: ChangeCounts): Record<string, number> {
  const changed: Record<string, number> = {};
  for (const [table, count] of after) {
    const difference = count - (before.get(table) ?? 0);
    if (difference !== 0) changed[table] = difference;
  }
  return changed;
}
