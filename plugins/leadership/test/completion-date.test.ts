// Completion is dated with London's today, on the learner's page, their CPD entry and the evidence offer:
// from midnight to 1am in summer, UTC's date is still yesterday.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

describe("the date of a completion recorded just after midnight in summer", () => {
  it("is London's today on the learner's page, their CPD entry and the evidence offer", async () => {
    const learner = await learnerOnCohortOne();
    // The requirements are met in real time: their dates (October 2026) would be in the future on 2 July.
    // The sessions attended are held by then, as only sessions held count.
    await meetEveryRequirement(learner, new Date("2026-07-01T23:30:00Z"));
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    const done = await learner.post({ intent: "complete", ilmRegistration: "ILM-LON", certificateNumber: "CERT-LON" });
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });

    const path = `/programmes/leadership/cohorts/${learner.cohortId}/learners/${learner.enrolment.id}`;
    const params = { cohortId: String(learner.cohortId), enrolmentId: String(learner.enrolment.id) };
    const page = (await run(learnerPage.loader, await requestAs("ld", path), params)).data as { completion: { on: string } | null };
    expect(page.completion?.on).toBe("2 July 2026");
    const personId = learner.enrolment.person_id;
    const cpd = await db().selectFrom("cpd_entries").select("occurred_on").where("person_id", "=", personId).where("source", "=", "leadership").execute();
    expect(cpd).toEqual([{ occurred_on: "2026-07-02" }]);
    const offers = await db().selectFrom("evidence_offers").select("occurred_on").where("person_id", "=", personId).where("source", "=", "leadership").execute();
    expect(offers.map((o) => o.occurred_on)).toEqual(["2026-07-02", "2026-07-02"]);
  });
});
