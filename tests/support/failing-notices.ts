// Makes every notice insert fail while `work` runs, on either engine, as failing-audit.ts does for the
// audit: a change and the notice that tells someone of it are kept together or not at all.
import { sql } from "kysely";
import { db } from "../../app/utils/db.server";
import { onPostgres } from "./test-database";

export async function whileNoticesFail<T>(work: () => Promise<T>): Promise<T> {
  if (onPostgres()) {
    await sql`create function test_refuse_notice() returns trigger language plpgsql as $$ begin raise exception 'notices down'; end $$`.execute(db());
    await sql`create trigger test_refuse_notice before insert on notices for each row execute function test_refuse_notice()`.execute(db());
  } else {
    await sql`create trigger test_refuse_notice before insert on notices begin select raise(abort, 'notices down'); end`.execute(db());
  }
  try {
    return await work();
  } finally {
    await sql`drop trigger test_refuse_notice${onPostgres() ? sql` on notices` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_notice()`.execute(db());
  }
}
