import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as people from "../../app/routes/admin.people._index";
import * as me from "../../app/routes/me._index";
import { importStaff } from "../../app/services/staff-import.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { PAGE_SIZE } from "../../app/services/people.server";
import { db } from "../../app/utils/db.server";
import { canSeePerson, peopleScope } from "../../app/utils/permissions.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { run } from "../support/route";
import { staffCsv } from "../support/staff-csv";

interface TeamData {
  rows: { id: number; family_name: string; team_name: string; role_category: string; readiness: string }[];
  total: number;
  pageCount: number;
  teams: { id: number; name: string }[];
}

const teamPage = async (who: "manager" | "serviceManager", query = "") => (await run(team.loader, await requestAs(who, `/team${query}`))).data as TeamData;

beforeAll(seedDemo);

describe("who can see whom", () => {
  it("gives L&D and admins everyone, a manager their line, and anyone else only themself", async () => {
    const viewer = async (account: "practitioner" | "manager" | "ld") => ({
      userId: await userIdOf(account),
      personId: await personIdOf(account),
      roles: (await db().selectFrom("user_roles").select("role").where("user_id", "=", await userIdOf(account)).execute()).map((r) => r.role) as never,
    });
    expect(peopleScope(await viewer("ld"))).toEqual({ kind: "everyone" });
    expect(peopleScope(await viewer("manager"))).toEqual({ kind: "reports", managerId: await personIdOf("manager") });
    expect(peopleScope(await viewer("practitioner"))).toEqual({ kind: "self", personId: await personIdOf("practitioner") });
    expect(await canSeePerson(await viewer("practitioner"), await personIdOf("asye"))).toBe(false);
    expect(await canSeePerson(await viewer("manager"), await personIdOf("asye"))).toBe(true);
  });
});

describe("/team", () => {
  it("lists a team manager's direct reports", async () => {
    const data = await teamPage("manager");
    const direct = await db().selectFrom("people").select("id").where("line_manager_id", "=", await personIdOf("manager")).execute();
    expect(data.total).toBe(direct.length);
    expect(data.rows.map((r) => r.id)).toContain(await personIdOf("practitioner"));
    expect(data.rows.every((r) => /^\d+ of \d+ met$|^Nothing to meet yet$/.test(r.readiness))).toBe(true);
  });

  it("lists a service manager's whole line, through the team managers, and nobody outside it", async () => {
    const data = await teamPage("serviceManager", "?sort=name");
    const northTeams = await db().selectFrom("org_units as t").innerJoin("org_units as l", "l.id", "t.parent_id").select("t.id").where("l.name", "=", "North").execute();
    const inNorth = await db().selectFrom("people").select("id").where("team_id", "in", northTeams.map((t) => t.id)).execute();
    // Everyone in North's teams except the service manager, who sits in one of them.
    expect(data.total).toBe(inNorth.length - 1);
    expect(data.pageCount).toBe(Math.ceil(data.total / PAGE_SIZE));
    expect(data.rows).toHaveLength(PAGE_SIZE);
    const all = [];
    for (let page = 1; page <= data.pageCount; page += 1) all.push(...(await teamPage("serviceManager", `?page=${page}`)).rows.map((r) => r.id));
    expect(new Set(all).size).toBe(data.total);
    expect(all).toContain(await personIdOf("practitioner"));
  });

  it("sorts both ways and filters by team and role", async () => {
    const asc = await teamPage("serviceManager", "?sort=name&dir=asc");
    const desc = await teamPage("serviceManager", "?sort=name&dir=desc");
    const names = asc.rows.map((r) => r.family_name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(desc.rows[0].family_name >= asc.rows[0].family_name).toBe(true);
    const teamId = asc.teams[1].id;
    const filtered = await teamPage("serviceManager", `?team=${teamId}&role=social_worker`);
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.rows.every((r) => r.team_name === asc.teams[1].name && r.role_category === "social_worker")).toBe(true);
  });

  it("ignores nonsense in the query string instead of failing", async () => {
    const data = await teamPage("manager", "?page=-3&sort=;drop&dir=sideways&team=abc&role=<script>");
    expect(data.rows.length).toBeGreaterThan(0);
  });
});

describe("the team CSV export", () => {
  it("escapes cells that a spreadsheet would run as formulas", async () => {
    const manager = (await db().selectFrom("people").select("employee_number").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow()).employee_number;
    const outcome = await importStaff(staffCsv([{ employee: "F-1", given: "=HYPERLINK(A1)", family: "+Sum", manager }]), SYSTEM_ACTOR);
    expect(outcome.ok).toBe(true);
    const csv = await run(teamCsv.loader, await requestAs("manager", "/team/export.csv"));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = csv.data as string;
    expect(text).toContain("'=HYPERLINK");
    expect(text).toContain("'+Sum");
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m);
  });
});

describe("/admin/people", () => {
  it("finds people by name, email or employee number", async () => {
    const search = async (q: string) => (await run(people.loader, await requestAs("ld", `/admin/people?q=${encodeURIComponent(q)}`))).data as TeamData;
    expect((await search("practitioner@demo")).rows.map((r) => r.id)).toEqual([await personIdOf("practitioner")]);
    expect((await search("MORGAN")).total).toBeGreaterThan(0);
    expect((await search("%")).total).toBe(0);
    expect((await search("")).total).toBe((await db().selectFrom("people").select("id").execute()).length);
  });
});

describe("/me", () => {
  it("shows the person's record with years since qualifying and registration", async () => {
    const data = (await run(me.loader, await requestAs("practitioner", "/me"))).data as { person: { yearsQualified: number; registration_number: string; team_name: string; manager_family: string }; readiness: { requirementId: string }[] };
    expect(data.person.yearsQualified).toBe(3);
    expect(data.person.registration_number).toMatch(/^SW\d+$/);
    expect(data.person.team_name).toBe("Assessment North");
    expect(data.person.manager_family).toBe("Pritchard");
    expect(data.readiness.map((r) => r.requirementId)).toEqual(["registration", "post-qualifying-experience"]);
  });
});
