// L&D's list of endorsement requests nobody on the person's line can act on: its own page, 25 a page, oldest
// first, with the total; a page past the last shows the last. It used to sit on the programme's home page,
// where walking every asker's line slowed the page for every L&D visit (`npm run bench`: half its
// throughput at national scale), and stopped at 50 without a word.
import { beforeAll, describe, expect, it } from "vitest";
import { managerCanAct } from "../../../app/services/manager-on-portal.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { statementsRunBy } from "../../../tests/support/statement-plans";
import * as endorsements from "../routes/endorsements";
import * as home from "../routes/index";
import { naasDb } from "../server/db.server";

beforeAll(seedDemo);

type Page = { total: number; page: number; pageCount: number; requests: { personId: number }[] };
const pageOf = async (query = "") => (await run(endorsements.loader, await requestAs("ld", `/programmes/naas/endorsements${query}`))).data as Page;

describe("endorsement requests waiting for L&D", () => {
  let asking: number[];

  beforeAll(async () => {
    // Thirty people with nobody on their line who uses the portal ask, a minute apart, oldest first.
    const unmanaged = [];
    const ld = await personIdOf("ld");
    for (const { id } of await db().selectFrom("people").select("id").where("id", "<>", ld).orderBy("id", "desc").limit(200).execute()) {
      if (!(await managerCanAct(id))) unmanaged.push(id);
      if (unmanaged.length === 30) break;
    }
    expect(unmanaged).toHaveLength(30);
    asking = unmanaged;
    await naasDb().deleteFrom("naas_candidates").where("person_id", "in", asking).execute();
    await naasDb()
      .insertInto("naas_candidates")
      .values(asking.map((personId, i) => ({ person_id: personId, track: "practitioner" as const, endorsement_requested_at: new Date(Date.UTC(2020, 0, 1, 0, i)).toISOString(), updated_at: new Date().toISOString() })))
      .execute();
  });

  it("lists them 25 a page, oldest first, with their total", async () => {
    const first = await pageOf();
    expect(first.total).toBeGreaterThanOrEqual(30);
    expect(first.requests).toHaveLength(25);
    expect(first.requests.map((r) => r.personId)).toEqual(asking.slice(0, 25));
    const second = await pageOf("?page=2");
    expect(second.page).toBe(2);
    expect(second.requests.map((r) => r.personId).slice(0, 5)).toEqual(asking.slice(25));
    expect((await pageOf("?page=999")).page).toBe(first.pageCount);
  });

  it("is not worked out by the programme's home page, which only links to it", async () => {
    let page: Awaited<ReturnType<typeof run>> | undefined;
    const statements = await statementsRunBy(async () => (page = await run(home.loader, await requestAs("ld", "/programmes/naas"))));
    expect(page?.status).toBe(200);
    // The walk up every asker's line to a manager with an account is the list page's alone.
    expect(statements.filter((s) => /recursive\s+"?line"?/.test(s.sql)).map((s) => s.sql)).toEqual([]);
  });
});
