// A line too large to score at once (a head of service over a whole country): /team says so and asks for
// a team or a role instead of running out of memory, the CSV refuses with the same words, and a filter
// that narrows the line brings the scores back.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import { requestAs, seedDemo } from "../support/fixtures";
import { decodeHtml } from "../support/html-forms";
import { growTheServiceManagersLine } from "../support/large-line";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

interface TeamData {
  rows: unknown[];
  total: number;
  lineSize: number;
  tooMany: string | null;
  cardsNotShown: string | null;
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

  it("says plainly why it shows no cards, in English and Welsh, filtered or not, and a smaller line has cards and no such words", async () => {
    const people = lineSize.toLocaleString("en-GB");
    const english = `Summary cards are not shown: they count everyone in your line, and ${people} people are more than they can count at once (5,000). Choosing a team or a role does not bring them back, as they always count the whole line.`;
    for (const path of ["/team", `/team?team=${smallTeam}`]) {
      const page = (await run(team.loader, await requestAs("serviceManager", path))).data as TeamData;
      expect(page.widgets).toEqual([]);
      expect(page.cardsNotShown).toBe(english);
      expect(decodeHtml(await renderedAfterPost(team.default, page, null))).toContain(`<p class="govuk-body">${english}</p>`);
    }
    const welsh = (await run(team.loader, await requestAs("serviceManager", "/team?lng=cy"))).data as TeamData;
    expect(welsh.cardsNotShown).toBe(`Ni ddangosir y cardiau crynodeb: maent yn cyfrif pawb yn eich llinell, ac mae ${people} o bobl yn fwy nag y gallant eu cyfrif ar unwaith (5,000). Nid yw dewis tîm neu rôl yn dod â nhw'n ôl, gan eu bod bob amser yn cyfrif y llinell gyfan.`);
    const small = (await run(team.loader, await requestAs("manager", "/team"))).data as TeamData;
    expect(small.cardsNotShown).toBeNull();
    expect(small.widgets.length).toBeGreaterThan(0);
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
