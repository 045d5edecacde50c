import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";

// One pool per process, created on first use so tests can point DATABASE_URL somewhere first.
let instance: Kysely<Database> | undefined;

type QueryObserver = (sql: string) => void;
const observers = new Set<QueryObserver>();

export function db(): Kysely<Database> {
  instance ??= createDb(env.databaseUrl, (event) => {
    for (const observe of observers) observe(event.query.sql);
  });
  return instance;
}

/**
 * Calls `observe` with every statement run until the returned function is called: how tests and the
 * benchmark hold pages to "a few queries, never one per person".
 */
export function observeQueries(observe: QueryObserver): () => void {
  observers.add(observe);
  return () => observers.delete(observe);
}

export async function closeDb() {
  await instance?.destroy();
  instance = undefined;
}

export type { Database };
