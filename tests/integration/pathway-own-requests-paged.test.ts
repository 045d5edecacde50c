// A person's own requests to progress on /me/pathway come a page at a time, newest first, and the page
// says how many there are: cut off at twenty, the older ones were out of reach and nothing said so. Their
// open request is known on every page, so no page offers to ask again while one is open.
import { beforeAll, describe, expect, it } from "vitest";
import * as myPathway from "../../app/routes/me.pathway";
import { OWN_REQUESTS_PAGE_SIZE } from "../../app/services/progression.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";
import { clearRequests, get } from "./pathway-support";

/** How many of the person's requests fall past the first page. */
const ON_SECOND_PAGE = 5;
const TOTAL = OWN_REQUESTS_PAGE_SIZE + ON_SECOND_PAGE;

type Page = { requests: { id: number; open: boolean }[]; requestsPage: { page: number; pageCount: number; total: number }; openRequest: string | null; targets: unknown[] };

async function pageAt(search: string) {
  const outcome = await run(myPathway.loader, await get("practitioner", `/me/pathway${search}`));
  expect(outcome.status).toBe(200);
  return outcome.data as Page;
}

/** The person's requests, newest first: every one declined but the newest, which waits for their manager. */
let newestFirst: number[];

beforeAll(async () => {
  await seedDemo();
  const alex = await personIdOf("practitioner");
  await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
  await clearRequests(alex);
  const rows = Array.from({ length: TOTAL }, (_, i) => {
    const at = new Date(Date.UTC(2020, 0, 1 + i)).toISOString();
    const open = i === TOTAL - 1;
    return {
      person_id: alex, from_stage: "social_worker", to_stage: "senior_practitioner", statement: `Request ${i + 1}`, status: open ? ("awaiting_manager" as const) : ("declined" as const),
      manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: at, updated_at: at,
    };
  });
  const ids = await db().insertInto("progression_requests").values(rows).returning("id").execute();
  newestFirst = ids.map((r) => r.id).reverse();
});

describe("the person's own requests", () => {
  it("lists the newest twenty first and says how many pages there are", async () => {
    const first = await pageAt("");
    expect(first.requests.map((r) => r.id)).toEqual(newestFirst.slice(0, OWN_REQUESTS_PAGE_SIZE));
    expect(first.requestsPage).toEqual({ page: 1, pageCount: 2, total: TOTAL });
  });

  it("reaches the older ones on the next page, where the open request is still known", async () => {
    const second = await pageAt("?page=2");
    expect(second.requests.map((r) => r.id)).toEqual(newestFirst.slice(OWN_REQUESTS_PAGE_SIZE));
    expect(second.requestsPage).toEqual({ page: 2, pageCount: 2, total: TOTAL });
    expect(second.requests.some((r) => r.open)).toBe(false);
    // The open request is on the first page, but this one still says it is open and offers no form.
    expect(second.openRequest).toBe("Senior practitioner");
  });

  it("shows a page past the last as the last, and a page number nobody could mean as the first", async () => {
    expect((await pageAt("?page=9")).requestsPage.page).toBe(2);
    expect((await pageAt("?page=nonsense")).requestsPage.page).toBe(1);
  });

  it("links to the other page and says how many requests there are, in English and in Welsh", async () => {
    const english = await renderedAfterPost(myPathway.default, await pageAt(""), null);
    expect(english).toContain(`Your requests to progress: ${TOTAL} (page 1 of 2)`);
    expect(english).toMatch(/<a [^>]*href="\?page=2"[^>]*rel="next"/);
    const welsh = await renderedAfterPost(myPathway.default, await pageAt("?page=2&lng=cy"), null, "cy");
    expect(welsh).toContain(`Eich ceisiadau i symud ymlaen: ${TOTAL} (tudalen 2 o 2)`);
    expect(welsh).toMatch(/<a [^>]*href="\?page=1"[^>]*rel="prev"/);
  });
});
