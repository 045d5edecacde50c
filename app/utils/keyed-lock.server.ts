// Serialises work on named things that may have no row yet (a sign-in's account and address), across
// processes: PostgreSQL takes a transaction-scoped advisory lock per name; SQLite takes its write lock
// up front (BEGIN IMMEDIATE), which serialises every writer anyway.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isPostgres } from "../../plugins/sdk/migrations";
import { db } from "./db.server";

export async function withKeyLocks<T>(keys: string[], work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (isPostgres(db())) {
    return db()
      .transaction()
      .execute(async (trx) => {
        // Always in the same order, so two requests locking the same names cannot deadlock.
        for (const key of [...new Set(keys)].sort()) await sql`select pg_advisory_xact_lock(hashtext(${key}))`.execute(trx);
        return work(trx);
      });
  }
  return db()
    .connection()
    .execute(async (connection) => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        await sql`rollback`.execute(connection);
        throw error;
      }
    });
}
