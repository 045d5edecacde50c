// A programme that has run for years has hundreds of cohorts: its home page lists them a page at a time.
import { beforeAll, describe, expect, it } from "vitest";
import * as home from "../routes/index";
import { COHORT_PAGE_SIZE } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { form } from "./support";

type Home = { cohorts: { id: number; name: string }[]; page: number; pageCount: number };

beforeAll(async () => {
  await seedDemo();
  const stamp = new Date().toISOString();
  await db()
    .insertInto("cohorts")
    .values(Array.from({ length: 30 }, (_, i) => ({ programme_id: "leadership", name: `Earlier cohort ${i + 1}`, starts_on: `20${10 + Math.floor(i / 3)}-0${(i % 3) + 1}-01`, ends_on: `20${10 + Math.floor(i / 3)}-0${(i % 3) + 7}-01`, capacity: 14, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })))
    .execute();
});

const homePage = async (query = "") => (await run(home.loader, await requestAs("ld", `/programmes/leadership${query}`))).data as Home;

describe("the cohort list", () => {
  it("shows a page of cohorts, newest first, and every cohort on exactly one page", async () => {
    const total = (await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").execute()).length;
    const first = await homePage();
    expect(first.cohorts).toHaveLength(COHORT_PAGE_SIZE);
    expect(first.pageCount).toBe(Math.ceil(total / COHORT_PAGE_SIZE));
    expect(first.cohorts[0].name).toBe("Cohort 2");
    const pages = [first];
    for (let page = 2; page <= first.pageCount; page += 1) pages.push(await homePage(`?page=${page}`));
    const ids = pages.flatMap((p) => p.cohorts.map((c) => c.id));
    expect(new Set(ids).size).toBe(total);
    expect(pages.at(-1)!.cohorts.at(-1)!.name).toBe("Earlier cohort 1");
  });

  it("shows the last page for a page past the end, and the first for nonsense", async () => {
    const last = await homePage("?page=999");
    expect(last.page).toBe(last.pageCount);
    expect((await homePage("?page=abc")).page).toBe(1);
  });

  it("finds a cohort that is not on the first page when a request names it, and refuses one that is not the programme's", async () => {
    const refused = await run(home.action, await requestAs("manager", "/programmes/leadership", form({ intent: "request", cohort: "999999" })));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: "common:enrolment.errors.noCohort" });
    const earliest = (await homePage("?page=999")).cohorts.at(-1)!;
    const begun = await run(home.action, await requestAs("manager", "/programmes/leadership", form({ intent: "request", cohort: String(earliest.id) })));
    // Found, and judged by its own dates: the earliest cohort began years ago.
    expect(begun.data).toEqual({ ok: false, error: "leadership:home.errors.cohortStarted" });
  });
});
