// The org units a form offers: teams, and the localities and city-wide services above them. Briefings
// and rollouts target them; audits sample them.
import { pdDb } from "./db.server";

/**
 * Every unit, with no cap: a team left out is one nobody can choose, and the briefing edit form saves
 * the audience it offers, so a team it did not offer would be dropped from the audience on any edit. At
 * national scale (about 2,100 units) that is one small query.
 */
export async function orgChoices() {
  const rows = await pdDb().selectFrom("org_units").select(["id", "name", "kind"]).where("kind", "in", ["team", "locality", "service"]).orderBy("name").orderBy("id").execute();
  return { teams: rows.filter((r) => r.kind === "team"), localities: rows.filter((r) => r.kind !== "team") };
}
