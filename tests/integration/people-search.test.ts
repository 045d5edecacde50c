// /admin/people's search: a match anywhere in a person's name, email or number, found through an index
// on each engine, with the same answers as reading every row.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as people from "../../app/routes/admin.people._index";
import { PAGE_SIZE } from "../../app/services/people.server";
import { db } from "../../app/utils/db.server";
import { personSearchText } from "../../db/search-text";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { onPostgres } from "../support/test-database";

interface SearchData {
  rows: { id: number; family_name: string }[];
  total: number;
  page: number;
  pageCount: number;
}

const searchQuery = async (query: string) => (await run(people.loader, await requestAs("ld", `/admin/people?${query}`))).data as SearchData;
const search = (q: string) => searchQuery(`q=${encodeURIComponent(q)}`);

/** Every person whose search text holds the term, read row by row: what the index must agree with. */
async function idsByReadingEveryRow(term: string) {
  const all = await db().selectFrom("people").select(["id", "search_text"]).execute();
  return all.filter((p) => p.search_text.includes(term.toLowerCase())).map((p) => p.id).sort((a, b) => a - b);
}

async function idsFound(term: string) {
  const first = await search(term);
  const pages = await Promise.all(Array.from({ length: first.pageCount - 1 }, (_, n) => searchQuery(`q=${encodeURIComponent(term)}&page=${n + 2}`)));
  return [first, ...pages].flatMap((page) => page.rows.map((r) => r.id)).sort((a, b) => a - b);
}

beforeAll(seedDemo);

describe("/admin/people", () => {
  it("finds people by name, email or employee number", async () => {
    expect((await search("practitioner@demo")).rows.map((r) => r.id)).toEqual([await personIdOf("practitioner")]);
    expect((await search("MORGAN")).total).toBeGreaterThan(0);
    // In family-name order (compared by initial: the two engines collate punctuation differently).
    const initials = (await search("an")).rows.map((r) => r.family_name[0].toLowerCase());
    expect(new Set(initials).size).toBeGreaterThan(1);
    expect(initials).toEqual([...initials].sort());
    expect((await search("%")).total).toBe(0);
    expect((await search("")).total).toBe((await db().selectFrom("people").select("id").execute()).length);
  });

  it("counts a search's matches on every page, the last and one past it", async () => {
    const matches = (await db().selectFrom("people").select("id").where("search_text", "like", "%an%").execute()).length;
    expect(matches).toBeGreaterThan(PAGE_SIZE);
    const first = await searchQuery("q=an");
    expect(first).toMatchObject({ total: matches, pageCount: Math.ceil(matches / PAGE_SIZE) });
    expect(first.rows).toHaveLength(PAGE_SIZE);
    const last = await searchQuery(`q=an&page=${first.pageCount}`);
    expect(last).toMatchObject({ total: matches, pageCount: first.pageCount });
    expect(last.rows).toHaveLength(matches - (first.pageCount - 1) * PAGE_SIZE);
    expect(last.rows[0]).not.toHaveProperty("matches");
    expect(await searchQuery(`q=an&page=${first.pageCount + 1}`)).toMatchObject({ total: matches, pageCount: first.pageCount });
  });

  it("shows the last page for a page past it, with a search or without, not an empty table", async () => {
    for (const query of ["q=an", "q=morgan", "sort=role"]) {
      const first = await searchQuery(query);
      const last = await searchQuery(`${query}&page=${first.pageCount}`);
      const past = await searchQuery(`${query}&page=${first.pageCount + 40}`);
      expect(past, query).toMatchObject({ total: first.total, page: first.pageCount, pageCount: first.pageCount });
      expect(past.rows.map((r) => r.id), query).toEqual(last.rows.map((r) => r.id));
      expect(past.rows.length, query).toBeGreaterThan(0);
    }
    expect(await searchQuery("q=zzqqxx&page=4")).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 });
  });

  it("finds exactly whom reading every row finds, for short and long terms, spaces, digits and query syntax", async () => {
    const practitioner = await db().selectFrom("people").select("search_text").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const acrossNames = practitioner.search_text.slice(2, practitioner.search_text.indexOf(" ") + 3);
    expect(acrossNames).toContain(" ");
    const terms = ["mor", "morgan", "ORGA", acrossNames, "@demo", "1", "00", "e0", "0001", "ma", "a", '"', 'x" or "a', "a*", "o'", "100%", "_an", "né", "zzzzzz"];
    for (const term of terms) {
      const expected = await idsByReadingEveryRow(term);
      expect({ term, ids: await idsFound(term) }).toEqual({ term, ids: expected });
    }
    expect((await idsByReadingEveryRow("morgan")).length).toBeGreaterThan(0);
    // A control character (which would end the quoted phrase early) is taken out of what was typed.
    expect(await idsFound("mor\u0000gan")).toEqual(await idsByReadingEveryRow("morgan"));
    expect((await idsByReadingEveryRow(acrossNames)).length).toBeGreaterThan(0);
  });

  it("finds a person as soon as they are added, by their new name once renamed, and not once removed", async () => {
    const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow()).team_id;
    const names = { employee_number: "SEARCH-1", given_name: "Quillon", family_name: "Xanthopoulos", email: "quillon@search.test", team_id: teamId };
    const { id } = await db().insertInto("people").values(newPerson(names)).returning("id").executeTakeFirstOrThrow();
    try {
      expect((await search("xanthopoul")).rows.map((r) => r.id)).toEqual([id]);
      const renamed = { ...names, family_name: "Yarborough-Vance" };
      await db().updateTable("people").set({ family_name: renamed.family_name, search_text: personSearchText(renamed) }).where("id", "=", id).execute();
      expect((await search("xanthopoul")).total).toBe(0);
      expect((await search("yarborough-v")).rows.map((r) => r.id)).toEqual([id]);
    } finally {
      await db().deleteFrom("people").where("id", "=", id).execute();
    }
    expect((await search("yarborough-v")).total).toBe(0);
    expect((await search("quillon")).total).toBe(0);
  });

  it("matches anywhere in the search text through an index, not by reading every row", async () => {
    if (onPostgres()) {
      // On the small demo table the planner may still pick the narrow index; what matters is that the
      // trigram index a national table needs is there, over the search text.
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'people_search_trgm_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/USING gin \(search_text gin_trgm_ops\)/)]);
    } else {
      const plan = async (query: ReturnType<typeof sql>) => (await sql<{ detail: string }>`explain query plan ${query}`.execute(db())).rows.map((r) => r.detail).join("\n");
      expect(await plan(sql`select rowid from people_search_fts where people_search_fts match ${'"morgan"'}`)).toMatch(/VIRTUAL TABLE INDEX/);
      // A term too short for a trigram reads the narrow index.
      expect(await plan(sql`select id from people where search_text like ${"%mo%"}`)).toContain("COVERING INDEX people_search_idx");
    }
  });
});
