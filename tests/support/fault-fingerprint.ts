// What the fault tests compare: a hash of every row of every table (so a changed value shows, not only a
// changed count), the schema, and SQLite's own check of the file.
import { createHash } from "node:crypto";
import SQLite from "better-sqlite3";
import { sql, type Kysely } from "kysely";
import { isPostgres } from "../../plugins/sdk/migrations";
import { sqliteFileOf } from "../../db/connection";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export interface TableFingerprint {
  rows: number;
  hash: string;
}

/** The tables of the database, by name; empty when nothing has been migrated. */
export async function tableNames(db: AnyDb): Promise<string[]> {
  const result = isPostgres(db)
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' order by table_name`.execute(db)
    : // Ordinary tables only: the people search's FTS5 index (a virtual table and its shadow tables) is
      // written by triggers on people, and SQLite's integrity check covers it.
      await sql<{ name: string }>`select name from pragma_table_list where schema = 'main' and type = 'table' and name not like 'sqlite_%' order by name`.execute(db);
  return result.rows.map((r) => r.name);
}

/** The schema: every table with its columns and their types, in a form both engines answer alike. */
export async function schemaOf(db: AnyDb): Promise<Record<string, string[]>> {
  const schema: Record<string, string[]> = {};
  for (const table of await tableNames(db)) {
    const columns = isPostgres(db)
      ? (await sql<{ name: string; type: string }>`select column_name as name, data_type as type from information_schema.columns where table_schema = 'public' and table_name = ${table} order by column_name`.execute(db)).rows
      : (await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${table}) order by name`.execute(db)).rows;
    schema[table] = columns.map((c) => `${c.name} ${c.type}`);
  }
  return schema;
}

const canonical = (row: Record<string, unknown>) => JSON.stringify(Object.keys(row).sort().map((k) => [k, row[k] instanceof Date ? (row[k] as Date).toISOString() : row[k]]));

/** Every row of every table, hashed table by table, independent of the order rows come back in. */
export async function fingerprint(db: AnyDb): Promise<Record<string, TableFingerprint>> {
  const result: Record<string, TableFingerprint> = {};
  for (const table of await tableNames(db)) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows.map(canonical).sort();
    result[table] = { rows: rows.length, hash: createHash("sha256").update(rows.join("\n")).digest("hex") };
  }
  return result;
}

/** SQLite's integrity and foreign-key checks of the file at `url`, from a connection of their own. */
export function sqliteChecks(url: string) {
  const file = new SQLite(sqliteFileOf(url), { fileMustExist: true });
  try {
    return { integrity: file.pragma("integrity_check", { simple: true }), foreignKeys: file.pragma("foreign_key_check") };
  } finally {
    file.close();
  }
}
