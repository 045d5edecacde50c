import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";
import { asStorageFailure } from "./storage-failure.server";

type QueryObserver = (sql: string) => void;

// One pool per process, created on first use so tests can point DATABASE_URL somewhere first. It lives
// on globalThis because the built server bundles its own copy of this module: a test or script serving
// the build in the same process shares the one pool (on SQLite, one connection, so neither waits on the
// other's lock), and a test can reach the connection the server uses.
const shared = ((globalThis as { __pathwaysDb?: { instance?: Kysely<Database>; observers: Set<QueryObserver> } }).__pathwaysDb ??= { observers: new Set() });

export function db(): Kysely<Database> {
  shared.instance ??= createDb(
    env.databaseUrl,
    (event) => {
      for (const observe of shared.observers) observe(event.query.sql);
    },
    asStorageFailure,
  );
  return shared.instance;
}

/**
 * Calls `observe` with every statement run until the returned function is called: how tests and the
 * benchmark hold pages to "a few queries, never one per person".
 */
export function observeQueries(observe: QueryObserver): () => void {
  shared.observers.add(observe);
  return () => shared.observers.delete(observe);
}

export async function closeDb() {
  const instance = shared.instance;
  shared.instance = undefined;
  await instance?.destroy();
}

export type { Database };
