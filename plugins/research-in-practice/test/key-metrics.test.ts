// The programme's rows in the key-metrics pack (/admin/reports/metrics): their labels counted for 1 and
// for more learners and answers, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";

beforeAll(seedDemo);

describe("the key-metrics pack", () => {
  /** A run that ended in `endsOn`, with an evaluation from each learner given. */
  async function ranWith(endsOn: string, learners: { before: number[]; after: number[]; changed: "yes" | "partly" | "no" | null }[]) {
    const stamp = new Date().toISOString();
    const [cohort] = await db()
      .insertInto("cohorts")
      .values({ programme_id: "research-in-practice", name: `Metrics run ${endsOn}`, starts_on: endsOn, ends_on: endsOn, capacity: 10, venue: "Online", enrolment_opens_on: null, enrolment_closes_on: endsOn, online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    const people = await db().selectFrom("people").select("id").orderBy("id").limit(learners.length).execute();
    for (const [i, learner] of learners.entries()) {
      const [enrolment] = await db()
        .insertInto("enrolments")
        .values({ cohort_id: cohort.id, person_id: people[i].id, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: people[i].id, override_reason: null, created_at: stamp, updated_at: stamp })
        .returning("id")
        .execute();
      await ripDb()
        .insertInto("research_in_practice_evaluations")
        .values({ enrolment_id: enrolment.id, before_json: JSON.stringify(learner.before), before_at: stamp, after_json: JSON.stringify(learner.after), after_at: stamp, will_do_differently: null, followup_changed: learner.changed, followup_example: null, followup_at: learner.changed ? stamp : null })
        .execute();
    }
  }

  async function labels(quarter: string, lng?: "cy") {
    const pack = await import("../../../app/routes/admin.reports_.metrics");
    const rows = ((await run(pack.loader, await requestAs("ld", `/admin/reports/metrics?quarter=${quarter}${lng ? `&lng=${lng}` : ""}`))).data as { rows: { key: string; label: string }[] }).rows;
    return Object.fromEntries(rows.filter((r) => r.key.startsWith("research-in-practice:")).map((r) => [r.key, r.label]));
  }

  it("says 1 learner and 3 learners, 1 answer and 2 answers, in English, and reads with its one form in Welsh", async () => {
    await ranWith("2001-02-15", [{ before: [2, 3], after: [4, 4], changed: "yes" }]);
    await ranWith("2001-05-15", [
      { before: [2, 3], after: [4, 4], changed: "yes" },
      { before: [3, 3], after: [3, 4], changed: "no" },
      { before: [1, 2], after: [3, 3], changed: null },
    ]);
    expect(await labels("2001-Q1")).toEqual({
      "research-in-practice:confidence": "Research in Practice: mean change in confidence, on a scale of 1 to 5 (1 learner)",
      "research-in-practice:practiceChanged": "Research in Practice: learners whose practice changed, at three months (1 answer)",
    });
    expect(await labels("2001-Q2")).toEqual({
      "research-in-practice:confidence": "Research in Practice: mean change in confidence, on a scale of 1 to 5 (3 learners)",
      "research-in-practice:practiceChanged": "Research in Practice: learners whose practice changed, at three months (2 answers)",
    });
    expect(await labels("2001-Q1", "cy")).toEqual({
      "research-in-practice:confidence": "Research in Practice: newid cymedrig mewn hyder, ar raddfa o 1 i 5 (1 o ddysgwyr)",
      "research-in-practice:practiceChanged": "Research in Practice: dysgwyr y newidiodd eu hymarfer, ar ôl tri mis (1 o atebion)",
    });
    expect(await labels("2001-Q2", "cy")).toEqual({
      "research-in-practice:confidence": "Research in Practice: newid cymedrig mewn hyder, ar raddfa o 1 i 5 (3 o ddysgwyr)",
      "research-in-practice:practiceChanged": "Research in Practice: dysgwyr y newidiodd eu hymarfer, ar ôl tri mis (2 o atebion)",
    });
  });
});
