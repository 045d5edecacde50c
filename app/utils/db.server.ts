import type { Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { env } from "./env.server";

// One pool per process, created on first use so tests can point DATABASE_URL somewhere first.
let instance: Kysely<Database> | undefined;

export function db(): Kysely<Database> {
  instance ??= createDb(env.databaseUrl);
  return instance;
}

export async function closeDb() {
  await instance?.destroy();
  instance = undefined;
}

export type { Database };
