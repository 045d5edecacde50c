// The cards on /team count the manager's whole line whatever the page's filters, as the pages they link
// to list it: a team, role or band filter narrows the table beside the cards, never what a card counts,
// so each card's number is the number its link finds. Through the real loaders on the demo data, as the
// service manager, whose line spans three teams.
import { beforeAll, describe, expect, it } from "vitest";
import * as team from "../../app/routes/team._index";
import * as asyeCaseload from "../../plugins/asye/routes/caseload";
import * as asyeYears from "../../plugins/asye/routes/years";
import * as leadershipTeam from "../../plugins/leadership/routes/team";
import * as newStarters from "../../plugins/practice-development/routes/induction.team";
import type { WidgetView } from "../../plugins/sdk";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

type Card = WidgetView & { id: string };
interface TeamData {
  widgets: Card[];
  teams: { id: number }[];
  rows: { role_category: string }[];
  total: number;
  lineSize: number;
}

const load = async <T,>(loader: Parameters<typeof run>[0], path: string) => (await run(loader, await requestAs("serviceManager", path))).data as T;
const teamPage = (query: string) => load<TeamData>(team.loader, `/team${query}`);
const card = (page: TeamData, id: string) => page.widgets.find((w) => w.id === id);

/** What each card counts, read off the card as a user reads it. */
const counted = {
  asyeYears: (c: Card) => Number(c.action!.label.match(/\((\d+)\)$/)![1]),
  asyeCaseload: (c: Card) => Number(c.body!.match(/: (\d+)\./)![1]),
  levelFive: (c: Card) => c.rows!.reduce((sum, r) => sum + Number(r.value), 0),
  newStarters: (c: Card) => Number(c.rows![0].value),
};

/** The Level 5 places the team page lists in the statuses the card counts, over every page. */
async function levelFivePlacesListed(href: string) {
  const first = await load<{ pageCount: number }>(leadershipTeam.loader, href);
  let listed = 0;
  for (let page = 1; page <= first.pageCount; page += 1) {
    const { members } = await load<{ members: { status: string }[] }>(leadershipTeam.loader, `${href}?page=${page}`);
    listed += members.filter((m) => m.status !== "not_completed").length;
  }
  return listed;
}

/** What the page each card links to finds. */
const found = {
  asyeYears: async (c: Card) => (await load<{ total: number }>(asyeYears.loader, c.action!.href)).total,
  asyeCaseload: async (c: Card) => (await load<{ flagged: { total: number } }>(asyeCaseload.loader, c.action!.href)).flagged.total,
  levelFive: (c: Card) => levelFivePlacesListed(c.action!.href),
  newStarters: async (c: Card) => (await load<{ total: number }>(newStarters.loader, c.rows![0].href!)).total,
};

const CARDS = { asyeYears: "asye-team", asyeCaseload: "asye-caseload-team", levelFive: "leadership-team", newStarters: "practice-development-induction" } as const;
type CardKind = keyof typeof CARDS;

let filters: [string, string][] = [];

beforeAll(async () => {
  await seedDemo();
  const whole = await teamPage("");
  // A team of the line that leaves some of it out, a role, and a band.
  let chosen: number | undefined;
  for (const { id } of whole.teams) if (chosen === undefined && (await teamPage(`?team=${id}`)).total < whole.lineSize) chosen = id;
  filters = [
    ["team", `?team=${chosen}`],
    ["role", "?role=asye_social_worker"],
    ["band", "?band=developing"],
  ];
});

describe("each /team card, under each filter", () => {
  it("finds every card on the unfiltered page, so that none is skipped below", async () => {
    const whole = await teamPage("");
    for (const id of Object.values(CARDS)) expect(card(whole, id), id).toBeDefined();
  });

  for (const name of ["team", "role", "band"]) {
    it(`counts, filtered by ${name}, what its link lists: the whole line`, async () => {
      const query = filters.find(([n]) => n === name)![1];
      const page = await teamPage(query);
      // The filter narrows the table, so a card counting only the table would count fewer.
      expect(page.total).toBeLessThan(page.lineSize);
      for (const kind of Object.keys(CARDS) as CardKind[]) {
        const shown = card(page, CARDS[kind]);
        expect(shown, `${kind} ${query}`).toBeDefined();
        expect(counted[kind](shown!), `${kind} ${query}`).toBe(await found[kind](shown!));
      }
    });
  }
});
