import type { Eligibility, PluginContext } from "../../sdk";
import { ELIGIBLE_ROLES } from "../programme";

/** First line managers are eligible; anyone else can be enrolled only by L&D, with a reason. */
export async function leadershipEligibility(ctx: PluginContext, personIds: number[]): Promise<Map<number, Eligibility>> {
  const result = new Map<number, Eligibility>();
  if (personIds.length === 0) return result;
  const rows: { id: number; role_category: string }[] = await ctx.db.selectFrom("people").select(["id", "role_category"]).where("id", "in", personIds).execute();
  for (const row of rows) {
    result.set(row.id, ELIGIBLE_ROLES.includes(row.role_category) ? { eligible: true, reasonKey: "eligibility.eligible" } : { eligible: false, reasonKey: "eligibility.notFirstLineManager" });
  }
  return result;
}
