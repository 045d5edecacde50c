// Team names are not unique (only a team's code is): two teams of one locality that share a name are two
// rows of /admin/reports, each counting its own people, told apart by their codes, never summed as one.
import { beforeAll, describe, expect, it } from "vitest";
import * as reports from "../../app/routes/admin.reports";
import { db } from "../../app/utils/db.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";

interface TeamRow { id: number; team: string; people: number; bands: Record<string, number> }

let localityId: number;
const twins: Record<string, number> = {};

beforeAll(async () => {
  await seedDemo();
  localityId = (await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow()).id;
  // One twin with two people, the other with three, so a merged row (five) is told from either.
  for (const [code, people] of [["TWIN-A", 2], ["TWIN-B", 3]] as const) {
    const [team] = await db().insertInto("org_units").values({ parent_id: localityId, kind: "team", code, name: "Reports Twin Team" }).returning("id").execute();
    twins[code] = team.id;
    for (let n = 1; n <= people; n += 1) {
      await db().insertInto("people").values(newPerson({ employee_number: `${code}-${n}`, given_name: "Twin", family_name: `${code} ${n}`, email: `${code.toLowerCase()}-${n}@demo.test`, team_id: team.id })).execute();
    }
  }
});

describe("/admin/reports with two teams of one name", () => {
  it("shows each team as its own row, keyed by its id and named with its code", async () => {
    const outcome = await run(reports.loader, await requestAs("ld", `/admin/reports?unit=${localityId}`));
    const teams = (outcome.data as { teams: TeamRow[] }).teams;
    const twinRows = teams.filter((t) => t.team.startsWith("Reports Twin Team"));
    expect(twinRows.map(({ id, team, people }) => ({ id, team, people })).sort((a, b) => a.people - b.people)).toEqual([
      { id: twins["TWIN-A"], team: "Reports Twin Team (TWIN-A)", people: 2 },
      { id: twins["TWIN-B"], team: "Reports Twin Team (TWIN-B)", people: 3 },
    ]);
    // Every row's key is its own, as the table's React keys must be.
    expect(new Set(teams.map((t) => t.id)).size).toBe(teams.length);
    // A team whose name is its own keeps its name alone.
    expect(teams.filter((t) => !t.team.startsWith("Reports Twin Team")).every((t) => !t.team.includes("("))).toBe(true);
  });
});
