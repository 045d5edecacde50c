// Makes every audit insert fail while `work` runs, on either engine, so a test can show that a change and
// its audit event are written in one transaction: when the audit cannot be written, the change is not
// stored either.
import { sql } from "kysely";
import { db } from "../../app/utils/db.server";
import { onPostgres } from "./test-database";

export async function whileAuditFails<T>(work: () => Promise<T>, onlyAction?: string): Promise<T> {
  // With `onlyAction`, only that event fails: the point after the work's earlier changes were written.
  const when = onlyAction === undefined ? sql`` : sql` when (new.action = ${sql.lit(onlyAction)})`;
  if (onPostgres()) {
    await sql`create function test_refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(db());
    await sql`create trigger test_refuse_audit before insert on audit_events for each row${when} execute function test_refuse_audit()`.execute(db());
  } else {
    await sql`create trigger test_refuse_audit before insert on audit_events${when} begin select raise(abort, 'audit down'); end`.execute(db());
  }
  try {
    return await work();
  } finally {
    await sql`drop trigger test_refuse_audit${onPostgres() ? sql` on audit_events` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_audit()`.execute(db());
  }
}

/** Runs `work` while the audit is down (or one event of it) and answers whether it threw, as a service whose write is refused does. */
export async function failsWhileAuditFails(work: () => Promise<unknown>, onlyAction?: string): Promise<boolean> {
  return whileAuditFails(async () => {
    try {
      await work();
      return false;
    } catch {
      return true;
    }
  }, onlyAction);
}
