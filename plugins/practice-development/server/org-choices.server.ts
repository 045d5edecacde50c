// The org units a form offers: teams, and the localities and city-wide services above them. Briefings
// and rollouts target them; audits sample them.
import { pdDb } from "./db.server";

export async function orgChoices() {
  const rows = await pdDb().selectFrom("org_units").select(["id", "name", "kind"]).where("kind", "in", ["team", "locality", "service"]).orderBy("name").orderBy("id").limit(2000).execute();
  return { teams: rows.filter((r) => r.kind === "team"), localities: rows.filter((r) => r.kind !== "team") };
}
