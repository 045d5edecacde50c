// The programme's rows in the key-metrics pack (/admin/reports/metrics): their labels counted for 1 and
// for more learners and answers, in English and Welsh; and their figures, worked out by the database as
// they were in JavaScript, without reading each evaluation.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { percentOf } from "../../../app/services/metrics/scope.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import type { MetricsScope } from "../../sdk";
import { ripDb } from "../server/db.server";
import { ripMetrics } from "../server/metrics.server";
import researchInPractice from "../plugin";

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

describe("the key-metrics figures, worked out by the database", () => {
  type Answer = string | null;
  interface Evaluation {
    personId: number;
    before: Answer;
    after: Answer;
    changed: "yes" | "partly" | "no" | null;
  }

  /** A run that ended on `endsOn` with one completed place and evaluation per learner given. */
  async function evaluatedRun(endsOn: string, evaluations: Evaluation[]) {
    const stamp = new Date().toISOString();
    const [cohort] = await db()
      .insertInto("cohorts")
      .values({ programme_id: "research-in-practice", name: `Figures run ${endsOn} ${Math.random()}`, starts_on: endsOn, ends_on: endsOn, capacity: 500, venue: "Online", enrolment_opens_on: null, enrolment_closes_on: endsOn, online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
      .returning("id")
      .execute();
    for (const evaluation of evaluations) {
      const [enrolment] = await db()
        .insertInto("enrolments")
        .values({ cohort_id: cohort.id, person_id: evaluation.personId, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: evaluation.personId, override_reason: null, created_at: stamp, updated_at: stamp })
        .returning("id")
        .execute();
      await ripDb()
        .insertInto("research_in_practice_evaluations")
        .values({ enrolment_id: enrolment.id, before_json: evaluation.before, before_at: stamp, after_json: evaluation.after, after_at: stamp, will_do_differently: null, followup_changed: evaluation.changed, followup_example: null, followup_at: evaluation.changed ? stamp : null })
        .execute();
    }
  }

  /** The figures as they were worked out before they moved into SQL: every evaluation read and averaged in JavaScript. */
  async function everyEvaluationFigures(scope: MetricsScope) {
    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);
    const rows = await ripDb()
      .selectFrom("research_in_practice_evaluations as ev")
      .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("people as p", "p.id", "e.person_id")
      .select(["ev.before_json", "ev.after_json", "ev.followup_changed"])
      .where("c.programme_id", "=", "research-in-practice")
      .where("c.ends_on", ">=", scope.start)
      .where("c.ends_on", "<=", scope.end)
      .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]))
      .execute();
    const changes = rows
      .filter((r) => r.before_json && r.after_json)
      .map((r) => {
        const before = JSON.parse(r.before_json!) as number[];
        const after = JSON.parse(r.after_json!) as number[];
        return mean(after.map((a, i) => a - (before[i] ?? a)));
      })
      .filter((c): c is number => c !== null);
    const followUps = rows.filter((r) => r.followup_changed);
    const changed = followUps.filter((r) => r.followup_changed === "yes" || r.followup_changed === "partly").length;
    const change = mean(changes);
    return {
      "research-in-practice:confidence": { value: change === null ? null : Math.round(change * 10) / 10, count: changes.length },
      "research-in-practice:practiceChanged": { value: percentOf(changed, followUps.length), count: followUps.length },
    };
  }

  /** The programme's figures as the pack computes them, for a quarter and "all" or a locality's id. */
  async function packFigures(quarter: string, scope: string) {
    const pack = await import("../../../app/routes/admin.reports_.metrics");
    const rows = ((await run(pack.loader, await requestAs("ld", `/admin/reports/metrics?quarter=${quarter}&scope=${scope}`))).data as { rows: { key: string; value: number | null }[] }).rows;
    return Object.fromEntries(rows.filter((r) => r.key.startsWith("research-in-practice:")).map((r) => [r.key, r.value]));
  }

  /** A repeatable spread of answers: long and short before answers, empty and missing ones, and every follow-up. */
  function spreadOfAnswers(people: number[], seed: number): Evaluation[] {
    let state = seed;
    const next = (n: number) => ((state = (state * 1103515245 + 12345) % 2147483648), state % n);
    const ratings = (length: number) => JSON.stringify(Array.from({ length }, () => 1 + next(5)));
    const answer = (): Answer => {
      const shape = next(10);
      if (shape === 0) return null;
      if (shape === 1) return "";
      if (shape === 2) return "[]";
      return ratings(1 + next(4));
    };
    return people.map((personId) => ({ personId, before: answer(), after: answer(), changed: ([null, "yes", "partly", "no"] as const)[next(4)] }));
  }

  const Q = { key: "2003-Q2", start: "2003-04-01", end: "2003-06-30" };

  beforeAll(async () => {
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(120).execute()).map((p) => p.id);
    await evaluatedRun("2003-04-10", spreadOfAnswers(people.slice(0, 70), 7));
    await evaluatedRun("2003-06-30", spreadOfAnswers(people.slice(30, 120), 11));
    // Just outside the quarter on both sides: not counted.
    await evaluatedRun("2003-03-31", spreadOfAnswers(people.slice(0, 20), 13));
    await evaluatedRun("2003-07-01", spreadOfAnswers(people.slice(0, 20), 17));
  });

  const values = (figures: Awaited<ReturnType<typeof everyEvaluationFigures>>) => Object.fromEntries(Object.entries(figures).map(([key, f]) => [key, f.value]));

  it("equal the old JavaScript computation over the same evaluations, for the whole service", async () => {
    const expected = await everyEvaluationFigures({ start: Q.start, end: Q.end, teamIds: null, current: false });
    expect(expected["research-in-practice:confidence"].count).toBeGreaterThan(50);
    expect(await packFigures(Q.key, "all")).toEqual(values(expected));
  });

  it("equal the old JavaScript computation for a locality's teams and for one team, with the same counts in the labels", async () => {
    const localities = await db().selectFrom("org_units").select("id").where("parent_id", "is", null).execute();
    let compared = 0;
    for (const locality of localities) {
      const teamIds = (await db().selectFrom("org_units").select("id").where("parent_id", "=", locality.id).where("kind", "=", "team").execute()).map((t) => t.id);
      const expected = await everyEvaluationFigures({ start: Q.start, end: Q.end, teamIds, current: false });
      if (expected["research-in-practice:confidence"].count) compared += 1;
      expect(await packFigures(Q.key, String(locality.id))).toEqual(values(expected));
    }
    expect(compared).toBeGreaterThan(0);

    const busiest = await db()
      .selectFrom("people")
      .select(["team_id", (eb) => eb.fn.countAll().as("n")])
      .where("id", "in", (await db().selectFrom("people").select("id").orderBy("id").limit(120).execute()).map((p) => p.id))
      .groupBy("team_id")
      .orderBy("n", "desc")
      .executeTakeFirstOrThrow();
    const oneTeam: MetricsScope = { start: Q.start, end: Q.end, teamIds: [busiest.team_id], current: false };
    const expected = await everyEvaluationFigures(oneTeam);
    expect(expected["research-in-practice:confidence"].count).toBeGreaterThan(0);
    const figures = await ripMetrics(pluginContext(researchInPractice, "en-GB"), oneTeam);
    expect(figures.map((f) => [f.id, f.value, f.labelValues?.count])).toEqual([
      ["confidence", expected["research-in-practice:confidence"].value, expected["research-in-practice:confidence"].count],
      ["practiceChanged", expected["research-in-practice:practiceChanged"].value, expected["research-in-practice:practiceChanged"].count],
    ]);
  });

  it("read one row of totals, however many places were evaluated in the quarter", async () => {
    const scope: MetricsScope = { start: "2004-01-01", end: "2004-03-31", teamIds: null, current: false };
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(100).execute()).map((p) => p.id);
    await evaluatedRun("2004-02-01", spreadOfAnswers(people.slice(0, 10), 19));
    const figures = () => ripMetrics(pluginContext(researchInPractice, "en-GB"), scope);
    const before = await rowsReadBy(figures);
    await evaluatedRun("2004-02-02", spreadOfAnswers(people, 23));
    await evaluatedRun("2004-02-03", spreadOfAnswers(people, 29));
    const after = await rowsReadBy(figures);
    expect(after).toBe(before);
    expect(after).toBeLessThanOrEqual(1);
  });
});
