// A run's page lists its learners 25 at a time, with how many there are and GOV.UK pagination: a national run
// has hundreds. A page asked past the end shows the last; L&D withdrawing someone land back on their page.
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const RUN = "crowded-run";
const path = `/programmes/research-in-practice/runs/${RUN}`;
type Page = { learners: { id: number; name: string }[]; paging: { total: number; page: number; pageCount: number } };
const pageOf = async (query = "") => (await run((await import("../routes/runs.$runId")).loader, await requestAs("ld", `${path}${query}`), { runId: RUN })).data as Page;

describe("a run with 30 learners", () => {
  beforeAll(async () => {
    serve([[course("crowded", "2031-04-01T00:00:00Z", { runs: [{ id: RUN, startsOn: "2031-09-01", endsOn: "2031-09-01", venue: "Hall", capacity: 100, managerApproval: false }] })]]);
    await sync();
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN).executeTakeFirstOrThrow();
    const team = { id: (await db().selectFrom("people").select("team_id").orderBy("id").executeTakeFirstOrThrow()).team_id };
    const people = await db()
      .insertInto("people")
      .values(Array.from({ length: 30 }, (_, i) => newPerson({ employee_number: `CROWD${String(i).padStart(3, "0")}`, given_name: "Learner", family_name: `Crowd ${String(i).padStart(2, "0")}`, email: `crowd${i}@demo.test`, team_id: team.id })))
      .returning("id")
      .execute();
    for (const { id } of people) expect((await requestPlace({ cohortId: cohort_id, personId: id, actor: { userId: null, personId: null }, direct: true })).ok).toBe(true);
  });

  it("lists 25 on the first page and the other 5 on the second, each once, with the total", async () => {
    const [first, second] = [await pageOf(), await pageOf("?page=2")];
    expect(first.paging).toEqual({ total: 30, page: 1, pageCount: 2 });
    expect(second.paging).toEqual({ total: 30, page: 2, pageCount: 2 });
    expect([first.learners.length, second.learners.length]).toEqual([25, 5]);
    const names = [...first.learners, ...second.learners].map((l) => l.name);
    expect(names).toEqual(Array.from({ length: 30 }, (_, i) => `Learner Crowd ${String(i).padStart(2, "0")}`));
  });

  it("shows the last page for a page past the end", async () => {
    expect((await pageOf("?page=9")).paging).toEqual({ total: 30, page: 2, pageCount: 2 });
  });

  it("brings L&D back to the page they withdrew a learner on", async () => {
    const learner = (await pageOf("?page=2")).learners[0];
    const done = await run((await import("../routes/runs.$runId")).action, await requestAs("ld", `${path}?page=2`, form({ intent: "withdraw", learner: String(learner.id) })), { runId: RUN });
    expect(done.headers.get("Location")).toBe(`${path}?page=2&saved=withdrawn`);
    expect((await pageOf("?page=2")).paging).toEqual({ total: 29, page: 2, pageCount: 2 });
  });
});
