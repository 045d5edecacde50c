// The one dialect factory: DATABASE_URL is a file path (SQLite) or postgres://… (PostgreSQL).
// Everything else in the code base is dialect-free Kysely. See docs/decisions/0004-two-database-engines.md.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type LogConfig } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export const DEFAULT_DATABASE_URL = "./data/pathways.db";

export type Engine = "sqlite" | "postgres";

export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

// COUNT(*) and other int8 results arrive as strings from pg; our counts fit comfortably in a double.
pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));

export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("busy_timeout = 5000");
  database.pragma("synchronous = NORMAL");
  return database;
}

export function createDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL, log?: LogConfig): Kysely<Database> {
  if (engineOf(url) === "postgres") {
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // An idle connection dropped by the server (restart, failover) must not take the process down;
    // the pool opens a new one on next use.
    pool.on("error", (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log });
  }
  const file = url.replace(/^sqlite:(\/\/)?/, "");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: openSqlite(file) }), log });
}
