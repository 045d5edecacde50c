// Work that must not run twice at once, even in two app processes (two staff imports of the same
// people, say), takes a named lock inside its transaction; the second waits, then sees what the first
// committed instead of inserting the same rows and failing on a unique key.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { isPostgres } from "../../plugins/sdk/migrations";

export async function holdTransactionLock(trx: Kysely<Database>, name: string) {
  // A SQLite transaction begins IMMEDIATE (db/connection.ts), so it holds the database's one write lock already.
  if (!isPostgres(trx)) return;
  await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
