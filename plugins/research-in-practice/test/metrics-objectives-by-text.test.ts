// The key-metrics pack's mean change in confidence pairs each learner's ratings by the objective's text,
// as the impact report and the subject access download do: the provider edits and reorders a course's
// objectives (the sync applies it), and a rating given on one objective before the course is never taken
// from another's after it. Through the evaluation service that stores the answers and the pack's loader,
// on a real migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { completedPlaces, rates } from "./evaluation-support";
import { course, serve, sync } from "./feed-support";

useOutsideWorld();
beforeAll(seedDemo);

const OBJECTIVES = ["Plan a direct work session", "Record the child's voice"];
/** Reordered, with a new objective between. */
const REVISED = ["Record the child's voice", "Use a genogram", "Plan a direct work session"];

/** The programme's mean change in confidence, and its label, as the pack shows them for the whole service. */
async function confidenceIn(quarter: string) {
  const pack = await import("../../../app/routes/admin.reports_.metrics");
  const rows = ((await run(pack.loader, await requestAs("ld", `/admin/reports/metrics?quarter=${quarter}&scope=all`))).data as { rows: { key: string; label: string; value: number | null }[] }).rows;
  const row = rows.find((r) => r.key === "research-in-practice:confidence")!;
  return { value: row.value, label: row.label };
}

describe("the key-metrics pack's change in confidence after the provider changed a course's objectives", () => {
  it("takes each learner's change objective by objective, by its text, never its place in the list", async () => {
    serve([[course("mt1", "2029-04-01T00:00:00Z", { objectives: OBJECTIVES, runs: [] })]]);
    expect((await sync()).values).toMatchObject({ added: 1 });
    const [early, late] = await completedPlaces("mt1", { name: "Metrics by text 2005-02-10", day: "2005-02-10", count: 2 });
    // Both rate before the course: "Plan…" 1, "Record…" 4. One rates after it on the same list: 3 and 5.
    for (const place of [early, late]) await rates(place, "before", [1, 4]);
    await rates(early, "after", [3, 5]);

    // The provider reorders the objectives and adds one; the other learner rates after the change.
    serve([[course("mt1", "2029-04-02T00:00:00Z", { objectives: REVISED, runs: [] })]]);
    expect((await sync()).values).toMatchObject({ updated: 1 });
    await rates(late, "after", [5, 2, 3]);

    // early: "Plan…" 1 → 3, "Record…" 4 → 5, a mean change of 1.5.
    // late: "Record…" 4 → 5, "Use a genogram" not asked before (no change), "Plan…" 1 → 3: 3 / 3 = 1.
    // Paired by place in the list, late's would read 5 − 1, 2 − 4 and 3 − 3: 2 / 3, and the pack 1.1.
    expect(await confidenceIn("2005-Q1")).toEqual({ value: 1.3, label: "Research in Practice: mean change in confidence, on a scale of 1 to 5 (2 learners)" });
  });

  it("pairs by place answers held with no objectives and no course to read them from, as it always did", async () => {
    // A place whose run cannot be found: nothing says which objectives were shown, so the places pair.
    const stamp = new Date().toISOString();
    const [cohort] = await db()
      .insertInto("cohorts")
      .values({ programme_id: "research-in-practice", name: "Metrics by place", starts_on: "2005-05-10", ends_on: "2005-05-10", capacity: 10, venue: "Online", enrolment_opens_on: null, enrolment_closes_on: "2005-05-10", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    const person = await db().selectFrom("people").select("id").orderBy("id").executeTakeFirstOrThrow();
    const [place] = await db()
      .insertInto("enrolments")
      .values({ cohort_id: cohort.id, person_id: person.id, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: person.id, override_reason: null, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    await ripDb().insertInto("research_in_practice_evaluations").values({ enrolment_id: place.id, before_json: "[1,2]", before_at: stamp, after_json: "[4,4,5]", after_at: stamp }).execute();
    // 4 − 1, 4 − 2, and the third with no rating before: (3 + 2 + 0) / 3.
    expect((await confidenceIn("2005-Q2")).value).toBe(1.7);
  });
});
