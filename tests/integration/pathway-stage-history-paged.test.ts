// A person's stage history on /me/pathway comes a page at a time, most recent first, and the page says how
// many moves there are: cut off at fifty, the earlier ones were out of reach and nothing said so. It turns
// by its own parameter, so turning it leaves the requests on their page, and turning those leaves it.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import * as myPathway from "../../app/routes/me.pathway";
import { OWN_REQUESTS_PAGE_SIZE, STAGE_HISTORY_PAGE_SIZE } from "../../app/services/progression.server";
import { db } from "../../app/utils/db.server";
import type { Locale } from "../../app/utils/i18n";
import { serverI18n } from "../../app/utils/i18n.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { clearRequests, get } from "./pathway-support";

/** More moves than the old cut of fifty, so the earliest were the ones lost. */
const TOTAL = 55;
const PAGES = Math.ceil(TOTAL / STAGE_HISTORY_PAGE_SIZE);
const REQUESTS = OWN_REQUESTS_PAGE_SIZE + 1;

type Paged = { page: number; pageCount: number; total: number };
type Page = { history: { id: number }[]; historyPage: Paged; requests: { id: number }[]; requestsPage: Paged };

async function pageAt(search: string) {
  const outcome = await run(myPathway.loader, await get("practitioner", `/me/pathway${search}`));
  expect(outcome.status).toBe(200);
  return outcome.data as Page;
}

/**
 * The page as the server renders it at `search`, from what the real loader answered there: its links are
 * made from the address's query, which `renderedAfterPost` (a post to a bare address) leaves empty.
 */
async function renderedAt(search: string, locale: Locale = "en-GB") {
  const loaderData = await pageAt(search);
  const handler = createStaticHandler([{ id: "page", path: "/page", loader: () => loaderData, element: createElement(myPathway.default) }]);
  const context = await handler.query(new Request(`http://localhost/page${search}`));
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const i18n = serverI18n().cloneInstance({ lng: locale });
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
}

/** The person's moves, most recent first. */
let newestFirst: number[];

beforeAll(async () => {
  await seedDemo();
  const alex = await personIdOf("practitioner");
  await db().deleteFrom("career_stage_history").where("person_id", "=", alex).execute();
  const moves = Array.from({ length: TOTAL }, (_, i) => {
    const on = new Date(Date.UTC(1990, 0, 1 + 30 * i)).toISOString().slice(0, 10);
    return { person_id: alex, stage_code: i % 2 ? "senior_practitioner" : "social_worker", started_on: on, source: "admin", note: `Move ${i + 1}`, recorded_by: null, created_at: `${on}T09:00:00.000Z` };
  });
  const ids = await db().insertInto("career_stage_history").values(moves).returning("id").execute();
  newestFirst = ids.map((r) => r.id).reverse();
  // Requests enough for two pages of their own, to show each list turns by itself.
  await clearRequests(alex);
  await db()
    .insertInto("progression_requests")
    .values(
      Array.from({ length: REQUESTS }, (_, i) => {
        const at = new Date(Date.UTC(2020, 0, 1 + i)).toISOString();
        return {
          person_id: alex, from_stage: "social_worker", to_stage: "senior_practitioner", statement: `Request ${i + 1}`, status: "declined" as const,
          manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: at, updated_at: at,
        };
      }),
    )
    .execute();
});

describe("the person's stage history", () => {
  it("lists the most recent moves first and says how many pages there are", async () => {
    const first = await pageAt("");
    expect(first.history.map((h) => h.id)).toEqual(newestFirst.slice(0, STAGE_HISTORY_PAGE_SIZE));
    expect(first.historyPage).toEqual({ page: 1, pageCount: PAGES, total: TOTAL });
  });

  it("reaches the earliest moves on the last page, past the old cut of fifty", async () => {
    const last = await pageAt(`?historyPage=${PAGES}`);
    expect(last.history.map((h) => h.id)).toEqual(newestFirst.slice((PAGES - 1) * STAGE_HISTORY_PAGE_SIZE));
    expect(last.history.map((h) => h.id)).toContain(newestFirst[TOTAL - 1]);
    expect(last.historyPage).toEqual({ page: PAGES, pageCount: PAGES, total: TOTAL });
  });

  it("turns by its own parameter: the requests keep their page, and turning them keeps the history's", async () => {
    const both = await pageAt("?page=2&historyPage=2");
    expect(both.historyPage.page).toBe(2);
    expect(both.requestsPage.page).toBe(2);
    expect((await pageAt("?page=2")).historyPage.page).toBe(1);
    expect((await pageAt("?historyPage=2")).requestsPage.page).toBe(1);
  });

  it("shows a page past the last as the last, and a page number nobody could mean as the first", async () => {
    expect((await pageAt("?historyPage=99")).historyPage.page).toBe(PAGES);
    expect((await pageAt("?historyPage=nonsense")).historyPage.page).toBe(1);
  });

  it("links to its other pages, keeping the requests' page, and says how many moves there are, in English and in Welsh", async () => {
    const english = await renderedAt("?page=2");
    expect(english).toContain(`The stages you have been at: ${TOTAL} moves (page 1 of ${PAGES})`);
    expect(english).toMatch(/<a [^>]*href="\?page=2&amp;historyPage=2"[^>]*rel="next"/);
    const welsh = await renderedAt(`?historyPage=${PAGES}&lng=cy`, "cy");
    expect(welsh).toContain(`Y camau rydych chi wedi bod arnyn nhw: ${TOTAL} symudiad (tudalen ${PAGES} o ${PAGES})`);
    expect(welsh).toMatch(new RegExp(`<a [^>]*href="\\?historyPage=${PAGES - 1}&amp;lng=cy"[^>]*rel="prev"`));
    // The last page of the history offers no next page of it; the requests' own links keep its page.
    const historyNav = welsh.match(/<nav [^>]*aria-label="Tudalennau: Y camau[^"]*">.*?<\/nav>/)?.[0];
    expect(historyNav).toContain('rel="prev"');
    expect(historyNav).not.toContain('rel="next"');
    expect(welsh).toMatch(new RegExp(`<a [^>]*href="\\?historyPage=${PAGES}&amp;lng=cy&amp;page=2"[^>]*rel="next"`));
  });
});
