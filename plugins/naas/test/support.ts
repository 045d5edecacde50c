// Helpers the NAAS tests share.
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
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
