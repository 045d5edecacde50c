// The one dialect factory: DATABASE_URL is a file path (SQLite) or postgres://… (PostgreSQL).
// Everything else in the code base is dialect-free Kysely. See docs/decisions/0004-two-database-engines.md.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type DatabaseConnection, type SqliteDatabase, type Dialect, type Driver, type LogConfig, type QueryCompiler, type QueryResult, type TransactionSettings } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export const DEFAULT_DATABASE_URL = "./data/pathways.db";

export type Engine = "sqlite" | "postgres";

export function engineOf(url: string): Engine {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

// COUNT(*) and other int8 results arrive as strings from pg; our counts fit comfortably in a double.
pg.types.setTypeParser(20, (value: string) => Number.parseInt(value, 10));

/** Milliseconds a connection waits for another process's write lock before SQLite answers SQLITE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

export function openSqlite(file: string): SQLite.Database {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const database = new SQLite(file);
  // First, so that even switching to WAL waits for another process that holds the lock.
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  database.pragma("journal_mode = WAL");
  database.pragma("foreign_keys = ON");
  database.pragma("synchronous = NORMAL");
  refreshPlannerStatistics(database);
  return database;
}

/**
 * SQLite's recommendation for long-lived connections: without statistics the planner guessed, and read a
 * programme's every enrolment to find one team's (the benchmark: 56 ms for a query that takes 0.2).
 * The analysis limit keeps this to milliseconds on a large file.
 */
function refreshPlannerStatistics(database: SQLite.Database) {
  database.pragma("analysis_limit = 1000");
  try {
    database.pragma("optimize = 0x10002");
  } catch {
    // A read-only file: the first write will say so, through the storage-failure page.
  }
}

export const sqliteFileOf = (url: string) => url.replace(/^sqlite:(\/\/)?/, "");

/**
 * The dialect for `url`. SQLite transactions begin IMMEDIATE: a deferred one that reads and then writes
 * fails at once with SQLITE_BUSY when another process wrote in between, where waiting for the lock up
 * front lets the busy timeout do its work. `translateError` sees every error the database answers.
 */
export function createDialect(url: string, translateError: ErrorTranslator = (error) => error): Dialect {
  if (engineOf(url) === "postgres") {
    // Solid-state storage makes a random read nearly as cheap as a sequential one. With PostgreSQL's
    // default cost for it, the planner read all 62,579 people to walk a manager's line one level down
    // (72 ms, several times a page); at 1.1 it follows the index (6 ms). PGOPTIONS overrides it.
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10), options: process.env.PGOPTIONS ?? "-c random_page_cost=1.1" });
    // An idle connection dropped by the server (restart, failover) must not take the process down;
    // the pool opens a new one on next use.
    pool.on("error", (error) => console.warn(`PostgreSQL closed an idle connection: ${error.message}`));
    return guarded(new PostgresDialect({ pool }), translateError);
  }
  return guarded(new SqliteDialect({ database: withStatementCache(openSqlite(sqliteFileOf(url))) }), translateError, "begin immediate");
}

/** How many prepared statements a SQLite connection keeps; the portal has a few hundred distinct queries. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The connection as Kysely sees it, with prepared statements kept by their SQL: Kysely prepares every
 * query afresh, and preparing was a tenth of a page's time in the benchmark's profile. A statement still
 * running (an open iterator) is never handed out twice.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => void database.close(),
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = database.prepare(sql);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function guarded(dialect: Dialect, translateError: ErrorTranslator, beginSql?: string): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new GuardedDriver(dialect.createDriver(), translateError, beginSql),
  };
}

export function createDb(url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL, log?: LogConfig, translateError?: ErrorTranslator): Kysely<Database> {
  return new Kysely<Database>({ dialect: createDialect(url, translateError), log });
}

/** What an error from the database becomes before the caller sees it (see createDialect). */
export type ErrorTranslator = (error: unknown) => unknown;

// SQLite rolls a transaction back by itself after some errors (a full disk, say); the ROLLBACK that
// follows, from Kysely or from withRowLock, then has nothing to do and must not hide the first error.
const isRollback = (query: CompiledQuery) => /^\s*rollback\s*$/i.test(query.sql);
const nothingToRollBack = (error: unknown) => error instanceof Error && /no transaction is active/.test(error.message);

/** The engine's own driver, with every error passed through `translate`, and SQLite's BEGIN made IMMEDIATE. */
class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #translate: ErrorTranslator;
  readonly #beginSql: string | undefined;
  readonly #innerOf = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver, translate: ErrorTranslator, beginSql?: string) {
    this.#inner = inner;
    this.#translate = translate;
    this.#beginSql = beginSql;
  }

  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.#translate(error);
    }
  }

  #unwrap(connection: DatabaseConnection): DatabaseConnection {
    return this.#innerOf.get(connection) ?? connection;
  }

  init() {
    return this.#guard(() => this.#inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#guard(() => this.#inner.acquireConnection());
    const guard = <T>(work: () => Promise<T>) => this.#guard(work);
    const translate = this.#translate;
    const connection: DatabaseConnection = {
      executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        return guard(() =>
          inner.executeQuery<R>(query).catch((error: unknown) => {
            if (isRollback(query) && nothingToRollBack(error)) return { rows: [] };
            throw error;
          }),
        );
      },
      async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
        try {
          yield* inner.streamQuery<R>(query, chunkSize);
        } catch (error) {
          throw translate(error);
        }
      },
    };
    this.#innerOf.set(connection, inner);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const inner = this.#unwrap(connection);
    const beginSql = this.#beginSql;
    await this.#guard(async () => {
      if (beginSql) await inner.executeQuery(CompiledQuery.raw(beginSql));
      else await this.#inner.beginTransaction(inner, settings);
    });
  }

  commitTransaction(connection: DatabaseConnection) {
    return this.#guard(() => this.#inner.commitTransaction(this.#unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection) {
    return this.#guard(() =>
      this.#inner.rollbackTransaction(this.#unwrap(connection)).catch((error: unknown) => {
        if (!nothingToRollBack(error)) throw error;
      }),
    );
  }

  savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#guard(() => this.#inner.savepoint!(this.#unwrap(connection), name, compile));
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#guard(() => this.#inner.rollbackToSavepoint!(this.#unwrap(connection), name, compile));
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler["compileQuery"]) {
    return this.#guard(() => this.#inner.releaseSavepoint!(this.#unwrap(connection), name, compile));
  }

  releaseConnection(connection: DatabaseConnection) {
    return this.#inner.releaseConnection(this.#unwrap(connection));
  }

  destroy() {
    return this.#inner.destroy();
  }
}
