// L&D's list of assessment windows, a page at a time: every window ever set stays on it, latest first.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import { onlyStatement, postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../../../tests/support/statement-plans";
import { onPostgres } from "../../../tests/support/test-database";
import * as windowsRoute from "../routes/windows";
import { naasDb } from "../server/db.server";
import { WINDOWS_PAGE_SIZE } from "../server/windows.server";
import { addWindow } from "./support";

const PATH = "/programmes/naas/windows";

type WindowsPage = { page: number; pageCount: number; windows: { id: number; places: string }[] };

const load = async (query = "") => {
  const outcome = await run(windowsRoute.loader, await requestAs("ld", PATH + query));
  expect(outcome.status).toBe(200);
  return outcome.data as WindowsPage;
};

/** Every window's id in the order the list gives: the latest knowledge assessment first, then the later-added on the same day. */
const allInOrder = async () => (await naasDb().selectFrom("naas_windows").select("id").orderBy("knowledge_on", "desc").orderBy("id", "desc").execute()).map((w) => w.id);

beforeAll(async () => {
  await seedDemo();
  // Windows on the same day, before and after the seeded ones, so the order needs its tie-breaker.
  for (let i = 0; i < WINDOWS_PAGE_SIZE; i += 1) await addWindow({ knowledgeOn: i % 2 ? "2099-03-01" : "2020-06-01" });
});

describe("the assessment windows list", () => {
  it("shows a page of windows, latest first, and the rest on page 2, each once", async () => {
    const order = await allInOrder();
    expect(order.length).toBeGreaterThan(WINDOWS_PAGE_SIZE);
    expect(order.length).toBeLessThanOrEqual(2 * WINDOWS_PAGE_SIZE);
    const first = await load();
    expect([first.page, first.pageCount, first.windows.length]).toEqual([1, 2, WINDOWS_PAGE_SIZE]);
    const second = await load("?page=2");
    expect([second.page, second.pageCount]).toEqual([2, 2]);
    expect([...first.windows, ...second.windows].map((w) => w.id)).toEqual(order);
  });

  it("counts the places booked on each window shown", async () => {
    const windowId = (await load()).windows[0].id;
    const people = await naasDb().selectFrom("people").select("id").orderBy("id").limit(2).execute();
    await naasDb().deleteFrom("naas_candidates").where("person_id", "in", people.map((p) => p.id)).where("track", "=", "practitioner").execute();
    const now = new Date().toISOString();
    for (const p of people) {
      await naasDb()
        .insertInto("naas_candidates")
        .values({ person_id: p.id, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: null, endorsed_at: now, window_id: windowId, booked_at: now, outcome: null, outcome_on: null, outcome_by: null, updated_at: now })
        .execute();
    }
    expect((await load()).windows[0].places).toBe("2 of 10 booked");
    await naasDb().deleteFrom("naas_candidates").where("window_id", "=", windowId).execute();
  });

  it("shows the first page for a page number that is not one, and the last for one past the end", async () => {
    const [first, last] = [await load(), await load("?page=2")];
    for (const query of ["?page=0", "?page=-3", "?page=two", "?page=1.5", "?page=", "?page=99999999999999999999"]) expect(await load(query)).toEqual(first);
    for (const query of ["?page=3", "?page=999999999"]) expect(await load(query)).toEqual(last);
  });

  it("links to page 2 without the banner that said a window was added", async () => {
    const data = await load("?added=1");
    const html = await renderedAfterPost(windowsRoute.default, data, null);
    expect(html).toContain('class="govuk-pagination"');
    expect(html).toContain('href="?page=2"');
    expect(html).not.toContain("added=1");
  });

  it("reads a page's worth however many windows there are", async () => {
    const before = await rowsReadBy(() => load());
    for (let i = 0; i < 10; i += 1) await addWindow({ knowledgeOn: "2019-01-01" });
    expect(await rowsReadBy(() => load())).toBe(before);
  });

  it("takes a page in order from the windows' date index, sorting none", async () => {
    const statements = await statementsRunBy(() => load("?page=2"));
    const query = onlyStatement(statements, (text) => /from "naas_windows"/.test(text) && /limit/.test(text));
    if (onPostgres()) {
      // The small test table would be scanned whole; what matters at national scale is that the index gives the order.
      const plan = await postgresPlanAtScale(query);
      expect(plan).toContain("Index Scan Backward using naas_windows_knowledge_on_idx");
      expect(plan).not.toMatch(/Sort Key: naas_windows/);
    } else {
      const plan = await sqlitePlan(query);
      expect(plan).toContain("naas_windows_knowledge_on_idx");
      expect(plan).not.toContain("USE TEMP B-TREE FOR ORDER BY");
    }
  });
});
