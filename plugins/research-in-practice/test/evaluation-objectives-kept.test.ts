// A learner's confidence ratings stay with the objectives they rated. The provider edits and reorders a
// course's objectives, and the sync applies it; ratings given before stay paired with the objectives the
// form showed, in the learner's subject access download and in the impact report (compared by the
// objective's text, never its place in the list). A form drawn before such a change is not stored against
// the new list. Answers held from before the objectives were kept take the course's objectives as they
// are now (the migration).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { run } from "../../../tests/support/route";
import { evaluationObjectivesKept } from "../migrations/0003-evaluation-objectives-kept";
import { courseById } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { impactReport } from "../server/impact.server";
import { at, auditedFor, bookedOn, completedPlaces, evaluation, evaluationPath, rates, recordCompletion, type Sent } from "./evaluation-support";
import { course, serve, sync } from "./feed-support";
import { form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

const LAW = ["Understand the Public Law Outline", "Write evidence the court can rely on"];
/** The provider moves the second objective first, and adds one between. */
const LAW_REVISED = ["Write evidence the court can rely on", "Give evidence in court with confidence", "Understand the Public Law Outline"];

/** The provider changes a course's objectives, and the sync applies it. */
async function providerChangesObjectives(courseId: string, objectives: string[], lastModified: string) {
  const held = (await courseById(courseId))!;
  serve([[course(courseId, lastModified, { title: held.title, format: held.format, summary: held.summary, objectives, runs: [], cpdHours: held.cpd_hours, kss: held.kss, pcf: held.pcf })]]);
  expect((await sync()).values).toMatchObject({ updated: 1 });
  expect((await courseById(courseId))!.objectives).toEqual(objectives);
}

/** The evaluation page as the practitioner opens it: the stage due and the objectives it shows. */
const opened = async (enrolmentId: number) =>
  (await run((await evaluation()).loader, await requestAs("practitioner", evaluationPath(enrolmentId)), { enrolmentId: String(enrolmentId) })).data as { stage: string | null; objectives: string[] };

/** The practitioner sends the confidence form as the page drew it: the objectives it showed, and a rating for each. */
async function sendRatings(enrolmentId: number, stage: "before" | "after", shown: string[], ratings: number[], extra: [string, string][] = []) {
  const fields: [string, string][] = [["stage", stage], ...shown.map((o): [string, string] => ["objective", o]), ...ratings.map((r, i): [string, string] => [`o${i}`, String(r)]), ...extra];
  return run((await evaluation()).action, await requestAs("practitioner", evaluationPath(enrolmentId), form(fields)), { enrolmentId: String(enrolmentId) });
}

const storedFor = (enrolmentId: number) =>
  ripDb().selectFrom("research_in_practice_evaluations").select(["before_json", "before_objectives_json", "after_json", "after_objectives_json"]).where("enrolment_id", "=", enrolmentId).executeTakeFirst();

describe("ratings given before the provider changed a course's objectives", () => {
  it("are downloaded beside the objectives the learner rated, and a form showing the old objectives is not stored against the new", async () => {
    at("2026-06-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Objectives room", "2026-07-01");
    at("2026-06-25T09:00:00Z");
    expect(await opened(enrolmentId)).toMatchObject({ stage: "before", objectives: LAW });
    expect((await sendRatings(enrolmentId, "before", LAW, [1, 4])).status).toBe(303);

    at("2026-07-02T09:00:00Z");
    await recordCompletion(runId, enrolmentId);
    // The after-course form is opened on the old objectives; the provider changes them while it is open.
    expect(await opened(enrolmentId)).toMatchObject({ stage: "after", objectives: LAW });
    await providerChangesObjectives("rip-law", LAW_REVISED, "2026-06-30T00:00:00Z");
    const refused = await sendRatings(enrolmentId, "after", LAW, [5, 2], [["differently", "Cite the Act."]]);
    expect(refused.status).toBe(409);
    const { reply, stage, refused: closed } = refused.data as Sent;
    expect(reply.error).toEqual({ "": ["evaluation.errors.objectivesChanged"] });
    // The form stays open on the new objectives: the ratings (given on the old) are cleared, the rest kept.
    expect({ stage, closed }).toEqual({ stage: "after", closed: false });
    expect(Object.keys(reply.initialValue ?? {}).filter((name) => /^o\d+$/.test(name))).toEqual([]);
    expect(reply.initialValue).toMatchObject({ differently: "Cite the Act." });
    expect(await storedFor(enrolmentId)).toMatchObject({ after_json: null, after_objectives_json: null });
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.before"]);

    // Drawn again, the page shows the objectives as they now are, and its answers are kept with them.
    expect(await opened(enrolmentId)).toMatchObject({ stage: "after", objectives: LAW_REVISED });
    expect((await sendRatings(enrolmentId, "after", LAW_REVISED, [5, 2, 3], [["differently", "Cite the Act."]])).status).toBe(303);
    expect(await storedFor(enrolmentId)).toEqual({ before_json: "[1,4]", before_objectives_json: JSON.stringify(LAW), after_json: "[5,2,3]", after_objectives_json: JSON.stringify(LAW_REVISED) });

    vi.useRealTimers();
    const { files } = await downloadPersonalData("practitioner", "/me/export?lng=en-GB");
    const evaluations = JSON.parse(files["personal-data.json"]).programmes["research-in-practice"].evaluations as Record<string, unknown>[];
    const mine = evaluations.find((e) => e.enrolment_id === enrolmentId)!;
    expect(mine.ratings).toEqual([
      { number: 1, objective: "Understand the Public Law Outline", before: 1, after: 3 },
      { number: 2, objective: "Write evidence the court can rely on", before: 4, after: 5 },
      { number: 3, objective: "Give evidence in court with confidence", before: null, after: 2 },
    ]);
    expect(mine.ratings_in_words).toBe("1. Understand the Public Law Outline: 1 → 3; 2. Write evidence the court can rely on: 4 → 5; 3. Give evidence in court with confidence: not answered → 2");
    expect(files["csv/programmes/research-in-practice/evaluations.csv"]).toContain("1. Understand the Public Law Outline: 1 → 3");
  });
});

const ANALYSIS = ["Separate information, analysis and judgement", "Weigh risks and strengths explicitly"];
/** Reordered, with one new objective; the first is reworded, so it is no longer the objective rated. */
const ANALYSIS_REVISED = ["Weigh risks and strengths explicitly", "Write a chronology", "Separate information, analysis and professional judgement"];

describe("the impact report after the provider changed a course's objectives", () => {
  it("compares each objective's ratings by its text, listed as the course now has them", async () => {
    expect((await courseById("rip-analysis"))!.objectives).toEqual(ANALYSIS);
    const [a1, a2, a3, b1, b2, b3] = await completedPlaces("rip-analysis", { name: "Analysis: rated across the change", day: "2026-03-02", count: 6 });
    // All six rate before the change: "Separate…" 1, "Weigh…" 2.
    for (const place of [a1, a2, a3, b1, b2, b3]) await rates(place, "before", [1, 2]);
    // Three rate after the course before the change, too: "Separate…" 3, "Weigh…" 5.
    for (const place of [a1, a2, a3]) await rates(place, "after", [3, 5]);
    await providerChangesObjectives("rip-analysis", ANALYSIS_REVISED, "2026-10-01T00:00:00Z");
    // Three rate after the change: "Weigh…" 4, "Write a chronology" 5, the reworded first objective 2.
    for (const place of [b1, b2, b3]) await rates(place, "after", [4, 5, 2]);

    const report = await impactReport({ courseId: "rip-analysis" });
    expect(report.withheld.ratings).toBe(false);
    expect(report.objectives).toEqual([
      // All six rated it before and after: before 2, after (5 × 3 + 4 × 3) / 6.
      { objective: "Weigh risks and strengths explicitly", before: 2, after: 4.5, change: 2.5, pairs: 6 },
      // Nobody was asked it before the course, so there is no change to show.
      { objective: "Write a chronology", before: null, after: null, change: null, pairs: 6 },
      // Reworded: no learner rated these words both before and after.
      { objective: "Separate information, analysis and professional judgement", before: null, after: null, change: null, pairs: 6 },
    ]);
  });
});

describe("answers held before the objectives were kept", () => {
  it("take the course's objectives as they now are, for each stage answered", async () => {
    const [both, onlyBefore] = (await completedPlaces("rip-analysis", { name: "Analysis: answered long ago", day: "2026-03-02", count: 6 })).slice(0, 2);
    await ripDb()
      .insertInto("research_in_practice_evaluations")
      .values([
        { enrolment_id: both, before_json: "[2,3,4]", before_at: "2026-03-01T09:00:00Z", after_json: "[3,4,5]", after_at: "2026-03-03T09:00:00Z" },
        { enrolment_id: onlyBefore, before_json: "[1,1,1]", before_at: "2026-03-01T09:00:00Z" },
      ])
      .execute();
    // The database as it was before the migration, then migrated.
    await evaluationObjectivesKept.down!(db());
    await evaluationObjectivesKept.up(db());
    const current = JSON.stringify((await courseById("rip-analysis"))!.objectives);
    expect(await storedFor(both)).toEqual({ before_json: "[2,3,4]", before_objectives_json: current, after_json: "[3,4,5]", after_objectives_json: current });
    expect(await storedFor(onlyBefore)).toEqual({ before_json: "[1,1,1]", before_objectives_json: current, after_json: null, after_objectives_json: null });
  });
});
