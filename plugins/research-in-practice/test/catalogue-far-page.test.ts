// The catalogue a page at a time: a page past the end (a bookmark, or a search that now finds fewer)
// shows the last page, as the other lists do, where it once showed no course at all. Through the real
// loader on a migrated, seeded database.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { CATALOGUE_PAGE_SIZE } from "../programme";
import * as home from "../routes/index";
import { ripDb } from "../server/db.server";

/** Courses only the test's search finds: one more page's worth and three. */
const ADDED = CATALOGUE_PAGE_SIZE + 3;

beforeAll(async () => {
  await seedDemo();
  const now = new Date().toISOString();
  await ripDb()
    .insertInto("research_in_practice_courses")
    .values(Array.from({ length: ADDED }, (_, n) => ({ id: `far-page-${n}`, title: `Farpage course ${String(n).padStart(2, "0")}`, format: "webinar" as const, summary: "A course for the paging test.", objectives_json: "[]", cpd_hours: 1, kss_json: "[]", pcf_json: "[]", last_modified: now, synced_at: now, withdrawn: 0 })))
    .execute();
});

type Catalogue = { page: number; pageCount: number; total: number; courses: { id: string }[] };
const catalogue = async (query: string) => {
  const answer = await run(home.loader, await requestAs("practitioner", `/programmes/research-in-practice?q=farpage${query}`));
  expect(answer.status).toBe(200);
  const { page, pageCount, total, courses } = answer.data as Catalogue;
  return { page, pageCount, total, courses: courses.map((c) => c.id) };
};

describe("a page of the catalogue past the end", () => {
  it("shows the last page", async () => {
    const last = await catalogue("&page=2");
    expect(last).toEqual({ page: 2, pageCount: 2, total: ADDED, courses: ["far-page-10", "far-page-11", "far-page-12"] });
    for (const query of ["&page=3", "&page=10001", "&page=99999999"]) expect(await catalogue(query), query).toEqual(last);
  });
});
