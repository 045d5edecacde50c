// /admin/people in each order it offers: the right people in the right order, read through an index
// that supplies the order (core migration 0019 and the name order's tie-breaker), not by sorting everyone.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as people from "../../app/routes/admin.people._index";
import { db, observeQueries } from "../../app/utils/db.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { onPostgres } from "../support/test-database";

beforeAll(seedDemo);

interface Listed {
  id: number;
  family_name: string;
  given_name: string;
  role_category: string;
  qualification_date: string | null;
}

/** The first page of /admin/people for the administrator, and the statement that read it. */
async function firstPage(query: string) {
  const statements: string[] = [];
  const stop = observeQueries((statement) => statements.push(statement));
  try {
    const outcome = await run(people.loader, await requestAs("admin", `/admin/people${query}`));
    expect(outcome.status).toBe(200);
    const page = statements.find((s) => /order by/i.test(s) && /limit/i.test(s));
    if (!page) throw new Error("No paged statement was run");
    return { rows: (outcome.data as { rows: Listed[] }).rows, statement: page };
  } finally {
    stop();
  }
}

/** Everyone, ordered in JavaScript the way the page promises, to compare its first page with. */
async function everyoneOrderedBy(compare: (a: Listed, b: Listed) => number) {
  const everyone = await db().selectFrom("people").select(["id", "family_name", "given_name", "role_category", "qualification_date"]).execute();
  return everyone.sort(compare).slice(0, 25).map((p) => p.id);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const namesAtoZ = (a: Listed, b: Listed) => byText(a.family_name, b.family_name) || byText(a.given_name, b.given_name) || a.id - b.id;
const qualifiedOn = (p: Listed) => p.qualification_date ?? "9999-12-31";

const ORDERS = [
  { query: "?sort=name&dir=desc", index: "people_name_idx", compare: (a: Listed, b: Listed) => -namesAtoZ(a, b) },
  { query: "?sort=role&dir=asc", index: "people_role_order_idx", compare: (a: Listed, b: Listed) => byText(a.role_category, b.role_category) || namesAtoZ(a, b) },
  { query: "?sort=role&dir=desc", index: "people_role_order_desc_idx", compare: (a: Listed, b: Listed) => byText(b.role_category, a.role_category) || namesAtoZ(a, b) },
  { query: "?sort=qualified&dir=asc", index: "people_qualified_order_idx", compare: (a: Listed, b: Listed) => byText(qualifiedOn(a), qualifiedOn(b)) || byText(a.family_name, b.family_name) || a.id - b.id },
  { query: "?sort=qualified&dir=desc", index: "people_qualified_order_desc_idx", compare: (a: Listed, b: Listed) => byText(qualifiedOn(b), qualifiedOn(a)) || byText(a.family_name, b.family_name) || a.id - b.id },
];

/** How SQLite would read the page's statement: its plan, with the page's limit and offset put in. */
async function sqlitePlanOf(statement: string) {
  const paged = statement.replace(/limit \? offset \?$/i, "limit 25 offset 0");
  if (paged.includes("?")) throw new Error(`Unexpected parameters in ${statement}`);
  const plan = await sql<{ detail: string }>`explain query plan ${sql.raw(paged)}`.execute(db());
  return plan.rows.map((r) => r.detail).join("\n");
}

describe("the people list's orders", () => {
  for (const order of ORDERS) {
    it(`lists ${order.query} in order, names A to Z within a role or a date`, async () => {
      const { rows } = await firstPage(order.query);
      expect(rows.map((r) => r.id)).toEqual(await everyoneOrderedBy(order.compare));
    });

    it(`reads ${order.query} through ${order.index}, not by sorting everyone`, async () => {
      const { statement } = await firstPage(order.query);
      if (onPostgres()) {
        // PostgreSQL's planner picks by table size, which a test database is not; the index must exist.
        const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes where indexname = ${order.index}`.execute(db());
        expect(rows).toEqual([{ indexname: order.index }]);
      } else {
        const plan = await sqlitePlanOf(statement);
        expect(plan).toContain(`INDEX ${order.index}`);
        expect(plan).not.toContain("TEMP B-TREE");
      }
    });
  }
});
