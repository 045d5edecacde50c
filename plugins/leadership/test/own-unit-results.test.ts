// A learner reads their own unit results and their assessor's feedback on their Level 5 home, where a unit's
// notice sends them: the cohort's learner page, which holds everyone's, is L&D's.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as home from "../routes/index";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { cohortNamed, form } from "./support";

type HomeUnits = { units: { title: string; result: string | null; feedback: string }[] | null };

beforeAll(seedDemo);

/** L&D record a result for a place on Cohort 1, as they do on the learner's page. */
async function recordResult(cohortId: number, enrolmentId: number, unitId: number, result: string, feedback: string) {
  const path = `/programmes/leadership/cohorts/${cohortId}/learners/${enrolmentId}`;
  const saved = await run(learnerPage.action, await requestAs("ld", path, form({ intent: "unit", unit: String(unitId), submittedOn: "2026-10-01", result, feedback })), { cohortId: String(cohortId), enrolmentId: String(enrolmentId) });
  expect(saved.data).toEqual({ ok: true, message: "learner.unitSaved" });
}

describe("a referred unit", () => {
  it("links its notice to the learner's own results and feedback on their home page, which opens for them and shows nobody else's", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const learner = await personIdOf("manager");
    const own = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("person_id", "=", learner).executeTakeFirstOrThrow();
    const other = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("status", "=", "enrolled").where("person_id", "<>", learner).orderBy("id").executeTakeFirstOrThrow();
    const [unit] = await db().selectFrom("leadership_units" as never).select(["id" as never, "title" as never]).orderBy("sequence" as never).execute() as { id: number; title: string }[];
    await recordResult(cohortId, own.id, unit.id, "refer", "Say more about how you weighed the risks.");
    await recordResult(cohortId, other.id, unit.id, "pass", "Someone else's feedback.");

    const notice = await db().selectFrom("notices").select("href").where("person_id", "=", learner).where("message_key", "=", "notices.unitResult.refer").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(notice.href).toBe("/programmes/leadership#units");
    const page = await run(home.loader, await requestAs("manager", notice.href!));
    expect(page.status).toBe(200);
    const units = (page.data as HomeUnits).units!;
    expect(units[0]).toEqual(expect.objectContaining({ title: unit.title, result: "refer", feedback: "Say more about how you weighed the risks." }));
    expect(JSON.stringify(units)).not.toContain("Someone else's feedback.");
  });

  it("shows no units to someone without a place", async () => {
    const page = await run(home.loader, await requestAs("asye", "/programmes/leadership"));
    expect((page.data as HomeUnits).units).toBeNull();
  });
});
