// /admin/people a page at a time. Every page of each order, with a search or a filter, put together, is
// the whole list as one unpaged statement orders it: nobody twice, nobody missed, ties (the same name,
// two teams of one name, no qualified date) in the same place. And a page is cut as ids, through the
// order's index with no join, then its people are read by id: an OFFSET over everyone's rows joined to
// their teams read every person before a deep page (page 2,000 at national scale: 54 ms, against about
// 1 ms for its ids). The team order counts each team's people and sorts only the people of the teams a
// page falls among. The statements are checked on both engines; the plans are SQLite's, and PostgreSQL's
// as it would read a national table.
import { sql, type SelectQueryBuilder } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as people from "../../app/routes/admin.people._index";
import { PAGE_SIZE } from "../../app/services/people.server";
import { db, type Database } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { onlyStatement, postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../support/statement-plans";
import { onPostgres } from "../support/test-database";

interface ListPage {
  rows: { id: number; team_name: string }[];
  total: number;
  page: number;
  pageCount: number;
}

type Everyone = SelectQueryBuilder<Database & { team: Database["org_units"] }, "people" | "team", { id: number }>;

/** The whole list as one statement orders it, with no paging: what the pages together must be. */
type Reference = (everyone: Everyone) => Everyone;

const namesAtoZ: Reference = (q) => q.orderBy("people.family_name").orderBy("people.given_name").orderBy("people.id");
const namesZtoA: Reference = (q) => q.orderBy("people.family_name", "desc").orderBy("people.given_name", "desc").orderBy("people.id", "desc");
const byTeam = (direction: "asc" | "desc"): Reference => (q) => namesAtoZ(q.orderBy("team.name", direction));
const byRole = (direction: "asc" | "desc"): Reference => (q) => namesAtoZ(q.orderBy("people.role_category", direction));
const byQualified = (direction: "asc" | "desc"): Reference => (q) => q.orderBy(sql`coalesce(people.qualification_date, '9999-12-31')`, direction).orderBy("people.family_name").orderBy("people.id");
const searchOrder = (direction: "asc" | "desc"): Reference => (q) => q.orderBy(sql`lower(people.family_name)`, direction).orderBy(sql`lower(people.given_name)`, direction).orderBy("people.id");
const matching = (term: string) => (q: Everyone) => q.where("people.search_text", "like", `%${term}%`);

const ORDERS: { query: string; reference: Reference }[] = [
  { query: "sort=name&dir=asc", reference: namesAtoZ },
  { query: "sort=name&dir=desc", reference: namesZtoA },
  { query: "sort=team&dir=asc", reference: byTeam("asc") },
  { query: "sort=team&dir=desc", reference: byTeam("desc") },
  { query: "sort=role&dir=asc", reference: byRole("asc") },
  { query: "sort=role&dir=desc", reference: byRole("desc") },
  { query: "sort=qualified&dir=asc", reference: byQualified("asc") },
  { query: "sort=qualified&dir=desc", reference: byQualified("desc") },
  // The readiness score is sorted by /team after reading; here the database lists by name, Z to A.
  { query: "sort=score&dir=desc", reference: namesZtoA },
];

/** The family names the test adds: one word in two cases, which the search order takes as one. */
const FAMILIES = ["Pagewell", "pagewell", "Pagewood", "Pagewell-Ames"];
const GIVEN = ["Ann", "ann", "Bryn"];
const ROLES = ["social_worker", "senior_practitioner", "social_care_officer"];

let twinTeams: number[];

beforeAll(async () => {
  await seedDemo();
  // Two teams of one name share a place in the team order, their people A to Z together.
  const locality = await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").executeTakeFirstOrThrow();
  twinTeams = [];
  for (const code of ["TWIN-1", "TWIN-2"]) {
    const team = await db().insertInto("org_units").values({ parent_id: locality.id, kind: "team", code, name: "Paging Twins" }).returning("id").executeTakeFirstOrThrow();
    twinTeams.push(team.id);
  }
  const practitionerTeam = (await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow()).team_id;
  const teams = [...twinTeams, practitionerTeam];
  // Added out of order, so that no order happens to be the order they were written in.
  const added = Array.from({ length: 90 }, (_, n) => (n * 29) % 90).map((n) => {
    const names = { employee_number: `PAGE-${n}`, given_name: GIVEN[n % GIVEN.length], family_name: FAMILIES[n % FAMILIES.length], email: `page-${n}@paging.test`, team_id: teams[n % teams.length] };
    return newPerson(names, { role_category: ROLES[n % ROLES.length], qualification_date: n % 5 === 0 ? null : `20${10 + (n % 4)}-0${1 + (n % 3)}-01` });
  });
  await db().insertInto("people").values(added).execute();
});

/** The ids of everyone in the list, in the reference's order, with the condition if one is given. */
async function referenceIds(reference: Reference, where: (q: Everyone) => Everyone = (q) => q) {
  const everyone = db().selectFrom("people").innerJoin("org_units as team", "team.id", "people.team_id").select("people.id") as Everyone;
  return (await reference(where(everyone)).execute()).map((p) => p.id);
}

const pageOf = async (query: string, page: number) => (await run(people.loader, await requestAs("admin", `/admin/people?${query}&page=${page}`))).data as ListPage;

/** Every page of the list, from the first to the last, put together. */
async function everyPage(query: string) {
  const first = await pageOf(query, 1);
  const pages = [first];
  for (let page = 2; page <= first.pageCount; page++) pages.push(await pageOf(query, page));
  for (const [n, page] of pages.entries()) {
    expect(page, `${query}, page ${n + 1}`).toMatchObject({ total: first.total, page: n + 1, pageCount: first.pageCount });
    expect(page.rows.length, `${query}, page ${n + 1}`).toBe(n + 1 < first.pageCount ? PAGE_SIZE : first.total - (first.pageCount - 1) * PAGE_SIZE);
  }
  return { total: first.total, rows: pages.flatMap((page) => page.rows) };
}

describe("every page of /admin/people, put together", () => {
  for (const order of ORDERS) {
    it(`is the whole list in order, ${order.query}`, async () => {
      const expected = await referenceIds(order.reference);
      expect(expected.length).toBeGreaterThan(3 * PAGE_SIZE);
      const { total, rows } = await everyPage(order.query);
      expect(total).toBe(expected.length);
      expect(rows.map((r) => r.id)).toEqual(expected);
    });
  }

  it("shows each person with their own team's name", async () => {
    const { rows } = await everyPage("sort=team&dir=desc");
    const teams = await db().selectFrom("people").innerJoin("org_units as team", "team.id", "people.team_id").select(["people.id", "team.name"]).execute();
    const teamOf = new Map(teams.map((t) => [t.id, t.name]));
    expect(rows.filter((r) => r.team_name !== teamOf.get(r.id))).toEqual([]);
    expect(rows.filter((r) => r.team_name === "Paging Twins").length).toBe(60);
  });

  it("is the whole of a search in order, by each order, for a short term and a long one", async () => {
    const searches = [
      { query: "q=an&sort=name&dir=asc", reference: searchOrder("asc"), term: "an" },
      { query: "q=PAGEW&sort=name&dir=desc", reference: searchOrder("desc"), term: "pagew" },
      { query: "q=pagew&sort=team&dir=desc", reference: byTeam("desc"), term: "pagew" },
      { query: "q=an&sort=role&dir=asc", reference: byRole("asc"), term: "an" },
      { query: "q=pagewell&sort=qualified&dir=desc", reference: byQualified("desc"), term: "pagewell" },
    ];
    for (const search of searches) {
      const expected = await referenceIds(search.reference, matching(search.term));
      expect(expected.length, search.query).toBeGreaterThan(2 * PAGE_SIZE);
      const { total, rows } = await everyPage(search.query);
      expect({ query: search.query, total, ids: rows.map((r) => r.id) }).toEqual({ query: search.query, total: expected.length, ids: expected });
    }
  });

  it("is the whole of a team or a role in order", async () => {
    const [twin] = twinTeams;
    const filters = [
      { query: `team=${twin}&sort=name&dir=asc`, reference: namesAtoZ, where: (q: Everyone) => q.where("people.team_id", "=", twin) },
      { query: `team=${twin}&sort=team&dir=desc`, reference: byTeam("desc"), where: (q: Everyone) => q.where("people.team_id", "=", twin) },
      { query: "role=social_worker&sort=qualified&dir=desc", reference: byQualified("desc"), where: (q: Everyone) => q.where("people.role_category", "=", "social_worker") },
      { query: "role=social_worker&sort=team&dir=asc", reference: byTeam("asc"), where: (q: Everyone) => q.where("people.role_category", "=", "social_worker") },
    ];
    for (const filter of filters) {
      const expected = await referenceIds(filter.reference, filter.where);
      expect(expected.length, filter.query).toBeGreaterThan(PAGE_SIZE);
      const { total, rows } = await everyPage(filter.query);
      expect({ query: filter.query, total, ids: rows.map((r) => r.id) }).toEqual({ query: filter.query, total: expected.length, ids: expected });
    }
  });
});

/** The statements the list ran for a page: the one that cut it (its limit and offset) and the one that read its people. */
async function statementsOf(query: string, page: number) {
  const statements = await statementsRunBy(async () => expect((await pageOf(query, page)).rows.length).toBe(PAGE_SIZE));
  const cut = onlyStatement(statements, (s) => / offset /.test(s));
  const read = onlyStatement(statements, (s) => s.includes('"people"."email"'));
  return { statements, cut, read };
}

describe("a page of /admin/people", () => {
  const INDEXES: Record<string, string> = {
    "sort=name&dir=asc": "people_name_idx",
    "sort=name&dir=desc": "people_name_idx",
    "sort=role&dir=desc": "people_role_order_desc_idx",
    "sort=qualified&dir=asc": "people_qualified_order_idx",
    "sort=qualified&dir=desc": "people_qualified_order_desc_idx",
  };

  for (const [query, index] of Object.entries(INDEXES)) {
    it(`is cut as ids from ${index} alone, then its people are read by id, ${query}`, async () => {
      const { cut, read } = await statementsOf(query, 3);
      expect(cut.sql).toMatch(/^select "people"\."id" from "people" order by /);
      expect(read.sql).not.toMatch(/ limit | offset /);
      expect(read.sql).toContain('"people"."id" in (');
      if (onPostgres()) {
        // The qualified orders need the date in the index as well as the expression over it (core migration 0027).
        expect(await postgresPlanAtScale(cut, { withoutSorts: true })).toMatch(new RegExp(`^ *-> +Index Only Scan (Backward )?using ${index} on people`, "m"));
      } else {
        expect(await sqlitePlan(cut)).toBe(`SCAN people USING COVERING INDEX ${index}`);
      }
    });
  }

  it("in the team order, sorts only the people of the teams the page falls among", async () => {
    const { statements, cut, read } = await statementsOf("sort=team&dir=desc", 3);
    const sizes = onlyStatement(statements, (s) => s.includes('group by "people"."team_id"'));
    expect(cut.sql).toContain('"people"."team_id" in (');
    expect(read.sql).not.toMatch(/ limit | offset /);
    // The teams the page falls among, and its limit and offset: far fewer than everyone's teams.
    const teams = await db().selectFrom("org_units").select("id").where("kind", "=", "team").execute();
    expect(cut.parameters.length - 2).toBeLessThanOrEqual(PAGE_SIZE);
    expect(cut.parameters.length - 2).toBeLessThan(teams.length);
    if (onPostgres()) return;
    const plan = await sqlitePlan(cut);
    expect(plan).toMatch(/SEARCH people USING COVERING INDEX people_team_idx \(team_id=\?\)/);
    expect(plan).not.toMatch(/SCAN people/);
    // Each team's people counted where the index holds them together: no sort of everyone to group them.
    const counted = await sqlitePlan(sizes);
    expect(counted).toContain("SCAN people USING COVERING INDEX people_team_idx");
    expect(counted).not.toContain("TEMP B-TREE FOR GROUP BY");
  });

  it("with a search, is cut as ids with the count of matches, then its people are read by id", async () => {
    const { cut, read } = await statementsOf("q=pagew&sort=name&dir=asc", 2);
    expect(cut.sql).toMatch(/^select "people"\."id", count\(\*\) over \(\) as "matches" from "people" where /);
    expect(cut.sql).not.toContain("join");
    expect(read.sql).not.toMatch(/ limit | offset /);
    if (!onPostgres()) return;
    // The matches' own rows, found through the trigram index, give the names they are sorted by. Asked
    // for the matches' ids instead, PostgreSQL joined them to the whole name index (85 ms for "smith").
    const plan = await postgresPlanAtScale(cut, { withoutSorts: true });
    expect(plan).toContain("Bitmap Index Scan on people_search_trgm_idx");
    expect(plan).not.toContain("people_name_idx");
  });
});
