// HR's file names a team by its code or its name. A name two teams share names neither: the line is
// refused, asking for the code, instead of moving people into whichever team was read last.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { importStaff } from "../../app/services/staff-import.server";
import { db } from "../../app/utils/db.server";
import { countRows, seedDemo } from "../support/fixtures";
import { managerNumber, staffCsv } from "../support/staff-csv";

const teamIds: Record<string, number> = {};

beforeAll(async () => {
  await seedDemo();
  const localities = await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").limit(2).execute();
  const teams = [
    { code: "DUP-NORTH", name: "Duty and Assessment Twin", parent_id: localities[0].id },
    { code: "DUP-SOUTH", name: "Duty and Assessment Twin", parent_id: localities[1].id },
    // Two teams each named as another team's code, set so that in whatever order teams are read (by id,
    // code or name) one comes after the team whose code it is named as: a lookup where the last team read
    // wins gets one of them wrong.
    { code: "Z-NAMED-LIKE-A-CODE", name: "DUP-NORTH", parent_id: localities[1].id },
    { code: "NAMED-BEFORE-ITS-CODE", name: "DUP-EAST", parent_id: localities[0].id },
    { code: "DUP-EAST", name: "Assessment East", parent_id: localities[0].id },
  ];
  for (const team of teams) {
    const [row] = await db().insertInto("org_units").values({ kind: "team", ...team }).returning("id").execute();
    teamIds[team.code] = row.id;
  }
});

const teamOf = async (employee: string) => (await db().selectFrom("people").select("team_id").where("employee_number", "=", employee).executeTakeFirstOrThrow()).team_id;

describe("a team named in HR's file", () => {
  it("is refused on its line when two teams share the name, asking for the code, and nothing changes", async () => {
    const manager = await managerNumber();
    const people = await countRows("people");
    const outcome = await importStaff(staffCsv([{ employee: "AMB-1", manager, team: "T-1-1" }, { employee: "AMB-2", manager, team: "duty and assessment twin" }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: false, problems: [{ line: 3, column: "team", key: "import.errors.teamAmbiguous", values: { team: "duty and assessment twin" } }] });
    expect(await countRows("people")).toBe(people);
  });

  it("is the team whose code it is, in any capitals, even when another team has that code as its name", async () => {
    const manager = await managerNumber();
    const lines = { "AMB-3": "dup-south", "AMB-4": "DUP-NORTH", "AMB-5": "z-named-like-a-code", "AMB-6": "Dup-East" };
    const outcome = await importStaff(staffCsv(Object.entries(lines).map(([employee, team]) => ({ employee, manager, team }))), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: true, created: 4 });
    expect(await Promise.all(Object.keys(lines).map(teamOf))).toEqual([teamIds["DUP-SOUTH"], teamIds["DUP-NORTH"], teamIds["Z-NAMED-LIKE-A-CODE"], teamIds["DUP-EAST"]]);
  });
});
