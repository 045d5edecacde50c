// The ASYE years list a page at a time. Every page, put together, is the whole list as one unpaged
// statement orders it (family name, given name, then the year), for L&D with each filter and for a manager
// their own line's; and no page keeps more than half the list sorted to cut it. The names are in `people`,
// so no index gives the years in name order and the database sorts them to cut a page, keeping every year
// up to the page's end: a page in the far half is read from the other end, in the reverse order.
import type { CompiledQuery } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { scopedPeople } from "../../../app/utils/permissions.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { onlyStatement, statementsRunBy } from "../../../tests/support/statement-plans";
import { ASYE_STAGE } from "../programme";
import * as years from "../routes/years";
import { asyeDb } from "../server/db.server";
import { PAGE_SIZE } from "../server/list.server";

interface ListPage {
  rows: { id: number; name: string }[];
  page: number;
  pageCount: number;
  total: number;
}

/** The family names the test adds, so that many years share a name and the year's id decides. */
const FAMILIES = ["Yearpage", "Yearpage", "Yearpagey", "Abbot-Yearpage"];
const GIVEN = ["Cai", "Cai", "Dee"];

beforeAll(async () => {
  await seedDemo();
  const manager = await db().selectFrom("people").select(["id", "team_id"]).where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const assessor = await personIdOf("serviceManager");
  const stamp = new Date().toISOString();
  // Added out of order, so that the list's order is not the order they were written in; every third
  // outside the manager's line, and every third year passed.
  for (const n of Array.from({ length: 80 }, (_, i) => (i * 37) % 80)) {
    const names = { employee_number: `YEAR-PAGE-${n}`, given_name: GIVEN[n % GIVEN.length], family_name: FAMILIES[n % FAMILIES.length], email: `year-page-${n}@demo.test`, team_id: manager.team_id };
    const person = await db().insertInto("people").values(newPerson(names, { career_stage: ASYE_STAGE, line_manager_id: n % 3 === 0 ? null : manager.id })).returning("id").executeTakeFirstOrThrow();
    const decided = n % 3 === 1 ? { recommendation: "pass" as const, decision: "pass" as const, decided_on: stamp.slice(0, 10) } : {};
    await asyeDb().insertInto("asye_years").values({ person_id: person.id, starts_on: "2025-01-06", assessor_id: assessor, supervisor_id: manager.id, fte: 1, created_at: stamp, updated_at: stamp, ...decided }).execute();
  }
});

type Years = ReturnType<typeof yearsSeenBy>;

/** Every year the viewer may see, but their own, as one statement orders them. */
function yearsSeenBy(viewerId: number) {
  return asyeDb().selectFrom("asye_years as y").innerJoin("people as p", "p.id", "y.person_id").select("y.id").where("y.person_id", "!=", viewerId);
}

const inNameOrder = async (list: Years) => (await list.orderBy("p.family_name").orderBy("p.given_name").orderBy("y.id").execute()).map((y) => y.id);

async function pageOf(account: DemoAccount, query: string, page: number) {
  let data: ListPage | undefined;
  const statements = await statementsRunBy(async () => {
    const answer = await run(years.loader, await requestAs(account, `/programmes/asye/years?${query}&page=${page}`));
    expect(answer.status).toBe(200);
    data = answer.data as ListPage;
  });
  return { data: data!, cut: onlyStatement(statements, (s) => s.includes('from "asye_years" as "y"') && / offset /.test(s)) };
}

/** The limit and offset a page's statement was sent with (the last two parameters). */
const limitAndOffset = (statement: CompiledQuery) => statement.parameters.slice(-2).map(Number);

/** Every page from the first to the last, put together, and the deepest any page's statement sorted. */
async function everyPage(account: DemoAccount, query: string) {
  const first = await pageOf(account, query, 1);
  const pages = [first];
  for (let page = 2; page <= first.data.pageCount; page++) pages.push(await pageOf(account, query, page));
  for (const [n, { data }] of pages.entries()) {
    expect(data, `${query}, page ${n + 1}`).toMatchObject({ page: n + 1, pageCount: first.data.pageCount, total: first.data.total });
    expect(data.rows.length, `${query}, page ${n + 1}`).toBe(n + 1 < first.data.pageCount ? PAGE_SIZE : first.data.total - (first.data.pageCount - 1) * PAGE_SIZE);
  }
  const deepest = Math.max(...pages.map(({ cut }) => limitAndOffset(cut).reduce((a, b) => a + b)));
  return { total: first.data.total, ids: pages.flatMap(({ data }) => data.rows.map((r) => r.id)), deepest };
}

describe("every page of the ASYE years list, put together", () => {
  it("is every year in name order, for L&D, with each filter", async () => {
    const ld = await personIdOf("ld");
    const lists = [
      { query: "", expected: yearsSeenBy(ld) },
      { query: "status=current", expected: yearsSeenBy(ld).where((eb) => eb.or([eb("y.decision", "is", null), eb("y.decision", "=", "extend")])) },
      { query: "status=passed", expected: yearsSeenBy(ld).where("y.decision", "=", "pass") },
      { query: "q=YEARPAGE", expected: yearsSeenBy(ld).where("p.search_text", "like", "%yearpage%") },
    ];
    for (const list of lists) {
      const expected = await inNameOrder(list.expected);
      expect(expected.length, list.query).toBeGreaterThan(PAGE_SIZE);
      const { total, ids } = await everyPage("ld", list.query);
      expect({ query: list.query, total, ids }).toEqual({ query: list.query, total: expected.length, ids: expected });
    }
  });

  it("is every year of a manager's line in name order", async () => {
    const manager = await personIdOf("manager");
    const line = scopedPeople({ kind: "reports", managerId: manager }).select("people.id") as never;
    const expected = await inNameOrder(yearsSeenBy(manager).where("y.person_id", "in", line));
    expect(expected.length).toBeGreaterThan(2 * PAGE_SIZE);
    const { total, ids } = await everyPage("manager", "whose=team");
    expect({ total, ids }).toEqual({ total: expected.length, ids: expected });
  });

  it("keeps no more than half the list and a page sorted to cut any page", async () => {
    for (const query of ["", "q=yearpage"]) {
      const { total, deepest } = await everyPage("ld", query);
      expect(total, query).toBeGreaterThan(3 * PAGE_SIZE);
      expect(deepest, query).toBeLessThanOrEqual(Math.ceil(total / 2) + PAGE_SIZE);
    }
  });

  it("shows the last page for a page past it, read from the other end", async () => {
    const { data } = await pageOf("ld", "", 1);
    const last = await pageOf("ld", "", data.pageCount);
    for (const page of [data.pageCount + 1, 99_999]) {
      const past = await pageOf("ld", "", page);
      expect(past.data, `page ${page}`).toEqual(last.data);
      // Only the last page's years are sorted, from the end of the list.
      expect(limitAndOffset(past.cut), `page ${page}`).toEqual([last.data.rows.length, 0]);
    }
  });
});
