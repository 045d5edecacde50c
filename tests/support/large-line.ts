// A line too large for /team to score at once: enough people below the demo service manager, in one new
// team of their locality, to pass MOST_SCORED_AT_ONCE. Answers one of the manager's own teams, which a
// filter can narrow the line to.
import { MOST_SCORED_AT_ONCE } from "../../app/services/team-readiness.server";
import { db } from "../../app/utils/db.server";
import { personSearchText } from "../../db/search-text";
import { personIdOf } from "./fixtures";

export async function growTheServiceManagersLine(): Promise<{ added: number; smallTeam: number }> {
  const manager = await personIdOf("serviceManager");
  const home = await db().selectFrom("people").innerJoin("org_units as t", "t.id", "people.team_id").select(["t.id", "t.parent_id"]).where("people.line_manager_id", "=", manager).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const [large] = await db().insertInto("org_units").values({ code: "LARGE-TEAM", name: "A very large team", kind: "team", parent_id: home.parent_id }).returning("id").execute();
  const rows = Array.from({ length: MOST_SCORED_AT_ONCE + 1 }, (_, i) => {
    const names = { employee_number: `LARGE-${i}`, given_name: "Large", family_name: `Line ${i}`, email: `large${i}@example.test` };
    return {
      ...names, job_title: "Social Worker", role_category: "social_worker", team_id: large.id, line_manager_id: manager, fte: 1, employment_start: "2020-01-01",
      qualification_date: null, registration_number: null, registration_expiry: null, employment_status: "active", search_text: personSearchText(names), created_at: now, updated_at: now,
    };
  });
  for (let i = 0; i < rows.length; i += 500) await db().insertInto("people").values(rows.slice(i, i + 500)).execute();
  return { added: rows.length, smallTeam: home.id };
}
