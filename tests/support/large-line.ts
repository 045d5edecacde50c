// A line too large for /team to score at once: enough people below the demo service manager, in one new
// team of their locality, to pass MOST_SCORED_AT_ONCE. Answers one of the manager's own teams, which a
// filter can narrow the line to.
import { MOST_SCORED_AT_ONCE } from "../../app/services/team-readiness.server";
import { db } from "../../app/utils/db.server";
import { personIdOf } from "./fixtures";
import { newPerson } from "./new-person";

export async function growTheServiceManagersLine(): Promise<{ added: number; smallTeam: number }> {
  const manager = await personIdOf("serviceManager");
  const home = await db().selectFrom("people").innerJoin("org_units as t", "t.id", "people.team_id").select(["t.id", "t.parent_id"]).where("people.line_manager_id", "=", manager).executeTakeFirstOrThrow();
  const [large] = await db().insertInto("org_units").values({ code: "LARGE-TEAM", name: "A very large team", kind: "team", parent_id: home.parent_id }).returning("id").execute();
  const rows = Array.from({ length: MOST_SCORED_AT_ONCE + 1 }, (_, i) =>
    newPerson({ employee_number: `LARGE-${i}`, given_name: "Large", family_name: `Line ${i}`, email: `large${i}@example.test`, team_id: large.id }, { line_manager_id: manager }),
  );
  for (let i = 0; i < rows.length; i += 500) await db().insertInto("people").values(rows.slice(i, i + 500)).execute();
  return { added: rows.length, smallTeam: home.id };
}
