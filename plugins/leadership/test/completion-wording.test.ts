// Completing Level 5 writes a CPD entry and an evidence offer in the learner's record. Their title is
// worded in the language of the person recording the completion, as the other programmes do.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

const titlesFor = async (personId: number) => ({
  cpd: (await db().selectFrom("cpd_entries").select("title").where("person_id", "=", personId).where("source", "=", "leadership").execute()).map((r) => r.title),
  offers: [...new Set((await db().selectFrom("evidence_offers").select("title").where("person_id", "=", personId).where("source", "=", "leadership").execute()).map((r) => r.title))],
});

describe("the CPD entry and evidence offer written on completion", () => {
  it("are titled in Welsh when the completion is recorded in Welsh", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const done = await learner.post({ intent: "complete", ilmRegistration: "ILM-CY1", certificateNumber: "CERT-CY1" }, "?lng=cy");
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });
    const welsh = "Arweinyddiaeth a Rheolaeth Lefel 5 yr ILM (Cohort 1)";
    expect(await titlesFor(learner.enrolment.person_id)).toEqual({ cpd: [welsh], offers: [welsh] });
  });

  it("are titled in English when the completion is recorded in English", async () => {
    // The learner above is now completed, so this is the next one still enrolled.
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const done = await learner.post({ intent: "complete", ilmRegistration: "ILM-EN1", certificateNumber: "CERT-EN1" });
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });
    const english = "ILM Level 5 Leadership and Management (Cohort 1)";
    expect(await titlesFor(learner.enrolment.person_id)).toEqual({ cpd: [english], offers: [english] });
  });
});
