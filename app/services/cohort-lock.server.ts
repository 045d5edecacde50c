// Serialises the changes that decide who holds a place in a cohort, across processes:
// SQLite takes its write lock up front (BEGIN IMMEDIATE); PostgreSQL locks the cohort's row.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isPostgres } from "../../plugins/sdk/migrations";
import { db } from "../utils/db.server";

export async function withCohortLock<T>(cohortId: number, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return withRowLock("cohorts", cohortId, work);
}

/**
 * The cohort's lock (`withCohortLock`'s) taken in a transaction already begun, so the service can also run
 * in a caller's transaction that holds it already (a row lock taken twice by one transaction is one lock).
 * Withdrawals and places given hold it, so who holds a place cannot change until the transaction ends.
 * SQLite's transactions begin IMMEDIATE and hold its one write lock from the start.
 */
export async function holdCohortLock(trx: Kysely<Database>, cohortId: number) {
  if (isPostgres(trx)) await trx.selectFrom("cohorts").select("id").where("id", "=", cohortId).forUpdate().execute();
}

/** The same serialisation for any capacity-limited row, such as a plugin's assessment window. */
export async function withRowLock<T>(table: string, id: number, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (isPostgres(db())) {
    return db()
      .transaction()
      .execute(async (trx) => {
        await sql`select id from ${sql.table(table)} where id = ${id} for update`.execute(trx);
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
