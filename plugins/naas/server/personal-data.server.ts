// Subject access: everything NAAS holds about one person.
import type { PluginContext } from "../../sdk";
import { naasDb } from "./db.server";

export async function naasPersonalData(_ctx: PluginContext, personId: number) {
  const [ratings, evidence, candidates] = await Promise.all([
    naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", personId).execute(),
    naasDb().selectFrom("naas_evidence").selectAll().where("person_id", "=", personId).execute(),
    naasDb().selectFrom("naas_candidates").selectAll().where("person_id", "=", personId).execute(),
  ]);
  return { ratings, evidence, candidates };
}
