// A course may list the same objective text twice. Each time it is listed is an objective of its own: the
// first time a text appears before the course pairs with the first time it appears after, the second with
// the second. The impact report, the key-metrics pack and the learner's subject access download pair them
// alike, so the figures are built from the pairs a learner reads in their download.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { personalDataOf } from "../../../app/services/personal-data.server";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { ripDb } from "../server/db.server";
import { impactReport } from "../server/impact.server";
import { ripMetrics } from "../server/metrics.server";
import researchInPractice from "../plugin";
import { completedPlaces, rates } from "./evaluation-support";

beforeAll(seedDemo);

const TWICE = ["Reflect on practice", "Use supervision well", "Reflect on practice"];
const DAY = "2031-02-11";

/** Five of the places whose learners' teams are in one locality, so the report's smallest group shows them. */
async function fiveInOneLocality(all: number[]) {
  const rows = await db().selectFrom("enrolments as e").innerJoin("people as p", "p.id", "e.person_id").innerJoin("org_units as team", "team.id", "p.team_id").select(["e.id", "team.parent_id"]).where("e.id", "in", all).orderBy("e.id").execute();
  const localityId = rows.map((r) => r.parent_id).find((id) => id !== null && rows.filter((r) => r.parent_id === id).length >= 5)!;
  return { localityId, places: rows.filter((r) => r.parent_id === localityId).slice(0, 5).map((r) => r.id) };
}

describe("an objective the course lists twice", () => {
  it("pairs by which time it is listed in the impact report, the key-metrics pack and the download", async () => {
    await ripDb().updateTable("research_in_practice_courses").set({ objectives_json: JSON.stringify(TWICE) }).where("id", "=", "rip-law").execute();
    const { localityId, places } = await fiveInOneLocality(await completedPlaces("rip-law", { name: "Law: listed twice", day: DAY, count: 60 }));
    // "Reflect…" first 1 → 4, "Use supervision…" 3 → 3, "Reflect…" second 5 → 2.
    for (const place of places) {
      await rates(place, "before", [1, 3, 5]);
      await rates(place, "after", [4, 3, 2]);
    }

    const report = await impactReport({ courseId: "rip-law", localityId, quarter: "2031-Q1" });
    expect(report.withheld.ratings).toBe(false);
    expect(report.objectives).toEqual([
      { objective: "Reflect on practice", before: 1, after: 4, change: 3, pairs: 5 },
      { objective: "Use supervision well", before: 3, after: 3, change: 0, pairs: 5 },
      { objective: "Reflect on practice", before: 5, after: 2, change: -3, pairs: 5 },
    ]);

    // Each learner's mean change is (3 + 0 − 3) / 3; pairing the second with the first would make it (3 + 0 + 1) / 3.
    const figures = await ripMetrics(pluginContext(researchInPractice, "en-GB"), { start: DAY, end: DAY, teamIds: null, current: false });
    expect(figures.find((f) => f.id === "confidence")).toMatchObject({ value: 0, labelValues: { count: 5 } });

    const { person_id } = await db().selectFrom("enrolments").select("person_id").where("id", "=", places[0]).executeTakeFirstOrThrow();
    const data = (await personalDataOf(person_id, "en-GB")) as unknown as { programmes: Record<string, { evaluations: { enrolment_id: number; ratings: unknown }[] }> };
    expect(data.programmes["research-in-practice"].evaluations.find((e) => e.enrolment_id === places[0])!.ratings).toEqual([
      { number: 1, objective: "Reflect on practice", before: 1, after: 4 },
      { number: 2, objective: "Use supervision well", before: 3, after: 3 },
      { number: 3, objective: "Reflect on practice", before: 5, after: 2 },
    ]);
  });
});
