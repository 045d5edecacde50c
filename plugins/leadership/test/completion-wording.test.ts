// Completing Level 5 writes a CPD entry and an evidence offer in the learner's record. Their titles are
// worded in English and in Welsh, whichever language the person recording the completion uses, so the
// learner's record and their NAAS evidence read in the learner's own.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

const english = "ILM Level 5 Leadership and Management (Cohort 1)";
const welsh = "Arweinyddiaeth a Rheolaeth Lefel 5 yr ILM (Cohort 1)";
const both = { title: english, title_cy: welsh };

const titlesFor = async (personId: number) => ({
  cpd: await db().selectFrom("cpd_entries").select(["title", "title_cy"]).where("person_id", "=", personId).where("source", "=", "leadership").execute(),
  offers: await db().selectFrom("evidence_offers").select(["title", "title_cy"]).distinct().where("person_id", "=", personId).where("source", "=", "leadership").execute(),
});

describe("the CPD entry and evidence offer written on completion", () => {
  it("are titled in both languages when the completion is recorded in Welsh", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const done = await learner.post({ intent: "complete", ilmRegistration: "ILM-CY1", certificateNumber: "CERT-CY1" }, "?lng=cy");
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });
    expect(await titlesFor(learner.enrolment.person_id)).toEqual({ cpd: [both], offers: [both] });
  });

  it("are titled in both languages when the completion is recorded in English", async () => {
    // The learner above is now completed, so this is the next one still enrolled.
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const done = await learner.post({ intent: "complete", ilmRegistration: "ILM-EN1", certificateNumber: "CERT-EN1" });
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });
    expect(await titlesFor(learner.enrolment.person_id)).toEqual({ cpd: [both], offers: [both] });
  });
});
