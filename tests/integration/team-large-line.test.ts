// A line too large to score at once (a head of service over a whole country): /team says so and asks for
// a team or a role instead of running out of memory, the CSV refuses with the same words, and a filter
// that narrows the line brings the scores back.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import { requestAs, seedDemo } from "../support/fixtures";
import { growTheServiceManagersLine } from "../support/large-line";
import { run } from "../support/route";

interface TeamData {
  rows: unknown[];
  total: number;
  lineSize: number;
  tooMany: string | null;
  widgets: unknown[];
  teams: { id: number; name: string }[];
}

let lineSize = 0;
let smallTeam = 0;

beforeAll(async () => {
  await seedDemo();
  const before = (await run(team.loader, await requestAs("serviceManager", "/team"))).data as TeamData;
  const grown = await growTheServiceManagersLine();
  smallTeam = grown.smallTeam;
  lineSize = before.total + grown.added;
});

describe("a line too large to score at once", () => {
  it("shows /team with its filters, the line's size, and asks for a team or a role, in English and Welsh", async () => {
    const page = (await run(team.loader, await requestAs("serviceManager", "/team"))).data as TeamData;
    expect(page.total).toBe(lineSize);
    expect(page.lineSize).toBe(lineSize);
    expect(page.rows).toEqual([]);
    expect(page.widgets).toEqual([]);
    expect(page.teams.length).toBeGreaterThan(1);
    expect(page.tooMany).toBe(`These filters leave ${lineSize.toLocaleString("en-GB")} people, more than this page can score at once (5,000). Choose a team or a role to see their readiness.`);
    const welsh = (await run(team.loader, await requestAs("serviceManager", "/team?lng=cy"))).data as TeamData;
    expect(welsh.tooMany).toContain("Dewiswch dîm neu rôl");
  });

  it("scores the line again once a filter narrows it", async () => {
    const page = (await run(team.loader, await requestAs("serviceManager", `/team?team=${smallTeam}`))).data as TeamData;
    expect(page.tooMany).toBeNull();
    expect(page.rows.length).toBeGreaterThan(0);
    // The headline still counts the whole line, with one count rather than scoring it.
    expect(page.lineSize).toBe(lineSize);
    expect(page.total).toBeLessThan(lineSize);
  });

  it("refuses the CSV of the whole line with the same words, and gives a narrowed one", async () => {
    const refused = await run(teamCsv.loader, await requestAs("serviceManager", "/team/export.csv"));
    expect(refused.status).toBe(400);
    expect(String(refused.data)).toContain("Choose a team or a role");
    const narrowed = await run(teamCsv.loader, await requestAs("serviceManager", `/team/export.csv?team=${smallTeam}`));
    expect(narrowed.status).toBe(200);
    expect(narrowed.headers.get("Content-Type")).toContain("text/csv");
  });
});
