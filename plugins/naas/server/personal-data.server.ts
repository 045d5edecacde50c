// Subject access: everything NAAS holds about one person, with what they decided about the evidence
// other programmes suggested to them (the offers themselves are the core's, in the core's part).
import type { PluginContext } from "../../sdk";
import { naasDb } from "./db.server";

export async function naasPersonalData(_ctx: PluginContext, personId: number) {
  const [ratings, evidence, candidates, offerDecisions] = await Promise.all([
    naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", personId).execute(),
    naasDb().selectFrom("naas_evidence").selectAll().where("person_id", "=", personId).execute(),
    naasDb().selectFrom("naas_candidates").selectAll().where("person_id", "=", personId).execute(),
    naasDb()
      .selectFrom("naas_offer_decisions as d")
      .innerJoin("evidence_offers as o", "o.id", "d.offer_id")
      .selectAll("d")
      .where("o.person_id", "=", personId)
      .orderBy("d.decided_at")
      .orderBy("d.offer_id")
      .execute(),
  ]);
  return { ratings, evidence, candidates, offerDecisions };
}
