import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as me from "../../app/routes/me._index";
import * as teamPerson from "../../app/routes/team.$personId._index";
import { addNotice } from "../../app/services/notices.server";
import { importStaff } from "../../app/services/staff-import.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { PAGE_SIZE } from "../../app/services/people.server";
import { db } from "../../app/utils/db.server";
import { canSeePerson, peopleScope } from "../../app/utils/permissions.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { run } from "../support/route";
import { staffCsv } from "../support/staff-csv";

interface TeamData {
  rows: { id: number; family_name: string; team_name: string; role_category: string; score: number | null; stage: string; cells: Record<string, { status: string; reason: string } | undefined> }[];
  requirements: { id: string; label: string }[];
  bands: { band: string; label: string; count: number }[];
  total: number;
  lineSize: number;
  filtered: boolean;
  pageCount: number;
  teams: { id: number; name: string }[];
  widgets: unknown[];
}

const teamPage = async (who: "manager" | "serviceManager" | "practitioner", query = "") => (await run(team.loader, await requestAs(who, `/team${query}`))).data as TeamData;

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
    expect(data.rows.every((r) => r.score === null || (r.score >= 0 && r.score <= 100))).toBe(true);
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

  it("gives the line's size apart from how many of it the filters leave", async () => {
    const whole = await teamPage("serviceManager");
    expect(whole).toMatchObject({ lineSize: whole.total, filtered: false });
    const filtered = await teamPage("serviceManager", "?role=social_worker&band=developing");
    expect(filtered.filtered).toBe(true);
    expect(filtered.lineSize).toBe(whole.lineSize);
    expect(filtered.total).toBeGreaterThan(0);
    expect(filtered.total).toBeLessThan(whole.lineSize);
  });

  it("tells a manager with nobody in their line so, with nothing to filter or score", async () => {
    const practitioner = await userIdOf("practitioner");
    await db().insertInto("user_roles").values({ user_id: practitioner, role: "manager" }).execute();
    try {
      const data = await teamPage("practitioner");
      expect(data).toMatchObject({ lineSize: 0, total: 0, filtered: false, rows: [], widgets: [], teams: [] });
    } finally {
      await db().deleteFrom("user_roles").where("user_id", "=", practitioner).where("role", "=", "manager").execute();
    }
  });

  it("ignores nonsense in the query string instead of failing", async () => {
    const data = await teamPage("manager", "?page=-3&sort=;drop&dir=sideways&team=abc&role=<script>");
    expect(data.rows.length).toBeGreaterThan(0);
  });
});

describe("the team readiness view", () => {
  it("shows each person's readiness items from every enabled programme, with a score", async () => {
    const data = await teamPage("serviceManager");
    const columns = data.requirements.map((r) => r.id);
    for (const id of ["common.registration", "common.cpd", "naas.eligibility", "naas.self-assessment", "naas.endorsement", "naas.accreditation-practitioner", "leadership.level-5"]) expect(columns).toContain(id);
    // Each column is headed by its requirement's label in the reader's language.
    const labelOf = (page: TeamData, id: string) => page.requirements.find((r) => r.id === id)?.label;
    expect(labelOf(data, "common.registration")).toBe("Registration with Social Work England");
    expect(labelOf(await teamPage("serviceManager", "?lng=cy"), "common.registration")).toBe("Cofrestru gyda Social Work England");
    const alexId = await personIdOf("practitioner");
    const alex = (await teamPage("manager")).rows.find((r) => r.id === alexId)!;
    expect(alex.cells["naas.eligibility"]).toEqual({ status: "met", reason: "Child and family practitioner" });
    expect(alex.cells["naas.self-assessment"]?.reason).toMatch(/^\d+%: \d+ of 10 statements ready\. Statements holding the score back: [\d, ]+\.$/);
    expect(alex.score).not.toBeNull();
  });

  it("spreads the whole line across readiness bands, filters by band and sorts by score", async () => {
    const all = await teamPage("serviceManager");
    expect(all.bands.map((b) => b.band)).toEqual(["not_started", "early", "developing", "nearly", "ready"]);
    expect(all.bands.reduce((sum, b) => sum + b.count, 0)).toBe(all.total);
    const populated = all.bands.filter((b) => b.count > 0);
    expect(populated.length).toBeGreaterThan(1);
    for (const band of populated) {
      const filtered = await teamPage("serviceManager", `?band=${band.band}`);
      expect(filtered.total).toBe(band.count);
    }
    const byScore = await teamPage("serviceManager", "?sort=score&dir=desc");
    const scores = byScore.rows.map((r) => r.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("sorts by years qualified as the column counts them: fewest first, the not qualified before any", async () => {
    const years = async (dir: "asc" | "desc") => {
      const page = (await run(team.loader, await requestAs("serviceManager", `/team?sort=qualified&dir=${dir}`))).data as { rows: { yearsQualified: number | null }[] };
      return page.rows.map((r) => r.yearsQualified ?? -1);
    };
    const fewestFirst = await years("asc");
    expect(fewestFirst[0]).toBe(-1);
    expect(fewestFirst).toEqual([...fewestFirst].sort((a, b) => a - b));
    const mostFirst = await years("desc");
    expect(mostFirst).toEqual([...mostFirst].sort((a, b) => b - a));
    expect(mostFirst[0]).toBeGreaterThan(fewestFirst.at(-1)!);
  });

  it("exports the same rows and columns as the table, every page", async () => {
    const data = await teamPage("serviceManager", "?band=nearly");
    const csv = (await run(teamCsv.loader, await requestAs("serviceManager", "/team/export.csv?band=nearly"))).data as string;
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines).toHaveLength(data.total + 1);
    for (const column of data.requirements) expect(lines[0]).toContain(column.label);
  });

  it("describes the people on a later page as on the first, and the export describes everyone", async () => {
    const first = await teamPage("serviceManager");
    expect(first.pageCount).toBeGreaterThan(1);
    const last = await teamPage("serviceManager", `?page=${first.pageCount}`);
    const csv = (await run(teamCsv.loader, await requestAs("serviceManager", "/team/export.csv"))).data as string;
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    for (const row of [...first.rows.slice(0, 3), ...last.rows]) {
      expect(row.stage).toMatch(/\S/);
      for (const cell of Object.values(row.cells)) expect(cell?.reason).toMatch(/\S/);
      const { employee_number } = await db().selectFrom("people").select("employee_number").where("id", "=", row.id).executeTakeFirstOrThrow();
      const line = lines.find((l) => l.startsWith(`${employee_number},`));
      expect(line).toContain(row.stage);
    }
    expect(last.rows.some((row) => Object.keys(row.cells).length > 0)).toBe(true);
    expect(lines).toHaveLength(first.total + 1);
  });

  it("reads readiness in batches: a bigger line costs no more queries", async () => {
    const { observeQueries } = await import("../../app/utils/db.server");
    const count = async (who: "manager" | "serviceManager") => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      await teamPage(who);
      stop();
      return n;
    };
    const small = await count("manager");
    const large = await count("serviceManager");
    expect((await teamPage("serviceManager")).total).toBeGreaterThan(3 * (await teamPage("manager")).total);
    expect(large).toBeLessThanOrEqual(small + 2);
  });
});

describe("/admin/reports", () => {
  it("spreads a locality's people across bands, team by team, for L&D", async () => {
    const reports = await import("../../app/routes/admin.reports");
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const data = (await run(reports.loader, await requestAs("ld", `/admin/reports?unit=${north.id}`))).data as { bands: { count: number }[]; teams: { team: string; people: number; bands: Record<string, number> }[] };
    const inNorth = await db().selectFrom("people").innerJoin("org_units as t", "t.id", "people.team_id").select("people.id").where("t.parent_id", "=", north.id).execute();
    expect(data.bands.reduce((sum, b) => sum + b.count, 0)).toBe(inNorth.length);
    expect(data.teams.reduce((sum, t) => sum + t.people, 0)).toBe(inNorth.length);
    for (const team of data.teams) expect(Object.values(team.bands).reduce((a, b) => a + b, 0)).toBe(team.people);
    expect((await run(reports.loader, await requestAs("manager", "/admin/reports"))).status).toBe(403);
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

describe("/me", () => {
  it("shows the person's record with years since qualifying and registration", async () => {
    const data = (await run(me.loader, await requestAs("practitioner", "/me"))).data as { person: { yearsQualified: number; registration_number: string; team_name: string; manager_family: string }; readiness: { requirementId: string }[] };
    expect(data.person.yearsQualified).toBe(3);
    expect(data.person.registration_number).toMatch(/^SW\d+$/);
    expect(data.person.team_name).toBe("Assessment North");
    expect(data.person.manager_family).toBe("Pritchard");
    expect(data.readiness.map((r) => r.requirementId)).toEqual(["registration", "post-qualifying-experience", "cpd", "asye-passed", "eligibility", "self-assessment", "endorsement", "accreditation-practitioner", "rollout-3", "rollout-1", "rollout-2", "rollout-4"]);
  });

  it("writes a notice's dates out in the reader's language, as the rest of the page does", async () => {
    const asye = await personIdOf("asye");
    await addNotice({ personId: asye, source: "asye", messageKey: "notices.started", values: { date: "2026-11-02" } });
    const texts = async (lng: string) => ((await run(me.loader, await requestAs("asye", `/me?lng=${lng}`))).data as { notices: { text: string }[] }).notices.map((n) => n.text);
    expect(await texts("en-GB")).toContain("Your ASYE year has started on 2 November 2026.");
    expect(await texts("cy")).toContain("Mae eich blwyddyn ASYE wedi dechrau ar 2 Tachwedd 2026.");
  });
});

describe("/team/<person>", () => {
  type Item = { requirementId: string; actionHref?: string };

  it("gives the manager the person's readiness without the person's own links", async () => {
    const alex = await personIdOf("practitioner");
    const own = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { readiness: Item[] }).readiness;
    expect(own.find((r) => r.requirementId === "cpd")?.actionHref).toBe("/me/cpd");
    // On the manager's page "/me/cpd" would be the manager's own record.
    const read = ((await run(teamPerson.loader, await requestAs("manager", `/team/${alex}`), { personId: String(alex) })).data as { readiness: Item[] }).readiness;
    expect(read.map((r) => r.requirementId)).toEqual(own.map((r) => r.requirementId));
    expect(read.filter((r) => "actionHref" in r)).toEqual([]);
  });
});
