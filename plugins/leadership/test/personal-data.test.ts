// Subject access for a Level 5 learner: their guided-learning log, assessed units (with the unit's name)
// and completion are in their download, and no other learner's.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { downloadPersonalData } from "../../../tests/support/personal-data-download";
import { leadershipDb } from "../server/progress.server";

beforeAll(seedDemo);

interface LeadershipExport {
  guidedLearning: { enrolment_id: number; activity: string }[];
  unitResults: { enrolment_id: number; unit_title: string; result: string }[];
  completions: { enrolment_id: number; certificate_number: string }[];
}

async function downloadAsManager() {
  const { files } = await downloadPersonalData("manager");
  return { document: JSON.parse(files["personal-data.json"]).programmes.leadership as LeadershipExport, files };
}

describe("a Level 5 learner's personal data", () => {
  it("holds their guided learning, unit results and completion, as JSON and CSV, and nothing of another learner's", async () => {
    const places = (await db().selectFrom("enrolments").innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id").select("enrolments.id").where("person_id", "=", await personIdOf("manager")).where("programme_id", "=", "leadership").execute()).map((e) => e.id);
    expect(places.length).toBeGreaterThan(0);
    const mine = await leadershipDb().selectFrom("leadership_guided_learning").select("id").where("enrolment_id", "in", places).execute();
    const results = await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").where("enrolment_id", "in", places).execute();
    const everyone = await leadershipDb().selectFrom("leadership_guided_learning").select("id").execute();
    expect(mine.length).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(0);
    expect(everyone.length).toBeGreaterThan(mine.length);
    await leadershipDb().insertInto("leadership_completions").values({ enrolment_id: places[0], completed_on: "2026-11-30", ilm_registration: "ILM-EXPORT", certificate_number: "CERT-EXPORT-1", recorded_by: null }).execute();

    const { document, files } = await downloadAsManager();
    expect(document.guidedLearning).toHaveLength(mine.length);
    expect(document.unitResults).toHaveLength(results.length);
    expect(document.completions).toEqual([expect.objectContaining({ enrolment_id: places[0], certificate_number: "CERT-EXPORT-1" })]);
    for (const row of [...document.guidedLearning, ...document.unitResults, ...document.completions]) expect(places).toContain(row.enrolment_id);
    expect(document.unitResults[0].unit_title).toBe("Leading and developing people");
    expect(files["csv/programmes/leadership/guided-learning.csv"].split("\r\n")[0]).toContain("activity");
    expect(files["csv/programmes/leadership/completions.csv"]).toContain("CERT-EXPORT-1");
  });
});
