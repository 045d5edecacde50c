// What the caseload part holds on one person, for their own download and a subject access request.
import type { PluginContext } from "../../../sdk";
import { asCaseloadDb } from "./db.server";

export async function caseloadPersonalData(ctx: PluginContext, personId: number): Promise<Record<string, unknown[]>> {
  const figures = await asCaseloadDb(ctx.db)
    .selectFrom("asye_caseload_figures")
    .select(["week_of", "cases", "career_stage", "imported_at"])
    .where("person_id", "=", personId)
    .orderBy("week_of")
    .execute();
  return { caseload_weeks: figures };
}
