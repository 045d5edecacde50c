// Helpers the NAAS tests share.
import { sql } from "kysely";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { onPostgres } from "../../../tests/support/test-database";
import { naasDb } from "../server/db.server";
import type { Track } from "../programme";

export const form = (fields: Record<string, string> | [string, string][]) => ({ method: "POST", body: new URLSearchParams(fields) });

export async function statementIds(code: string, version = "2018") {
  const rows = await naasDb()
    .selectFrom("naas_statements as s")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .select(["s.id", "s.number"])
    .where("f.code", "=", code)
    .where("f.version", "=", version)
    .orderBy("s.number")
    .execute();
  return rows.map((r) => r.id);
}

/** A practitioner framework of one statement, added by an admin as the frameworks page does; answers the page's status. */
export async function addOneStatementFramework(framework: { code: string; version: string; title: string; titleCy: string; validFrom: string }) {
  const frameworks = await import("../routes/frameworks");
  const fields = { ...framework, track: "practitioner", statements: "1 | The only statement | Yr unig ddatganiad" };
  return (await run(frameworks.action, await requestAs("admin", "/programmes/naas/frameworks", form(fields)))).status;
}

export const candidate = (personId: number, track: Track) =>
  naasDb().selectFrom("naas_candidates").selectAll().where("person_id", "=", personId).where("track", "=", track).executeTakeFirst();

export const clearJourney = async (personId: number) => {
  await naasDb().deleteFrom("naas_evidence").where("person_id", "=", personId).execute();
  await naasDb().deleteFrom("naas_ratings").where("person_id", "=", personId).execute();
  await naasDb().deleteFrom("naas_candidates").where("person_id", "=", personId).execute();
};

/**
 * Makes every notice insert fail while `work` runs, on either engine, as tests/support/failing-audit.ts
 * does for the audit: a change and the notice that tells someone of it are kept together or not at all.
 */
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
