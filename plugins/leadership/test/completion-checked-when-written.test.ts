// A completion is checked against the rule where it is written: a unit result a colleague changes at the
// same moment is recorded either before the check (and the completion refused) or after the completion,
// never between the two, so no learner is completed on a result already replaced. Its audit event says
// what the enrolment's status was before, as well as after.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { seedDemo } from "../../../tests/support/fixtures";
import type { Outcome } from "../../../tests/support/route";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

const completion = { intent: "complete", ilmRegistration: "ILM-CHECKED-1", certificateNumber: "CERT-CHECKED-1" };

/** The audit events about an enrolment, in the order they were written. */
const eventsAbout = (enrolmentId: number) =>
  db().selectFrom("audit_events").select(["id", "action", "before_json", "after_json"]).where("subject_type", "=", "enrolment").where("subject_id", "=", String(enrolmentId)).orderBy("id").execute();

describe("a unit result changed while a completion is being recorded", () => {
  it("is recorded after the completion, not between its check and its write", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const unit = learner.units[0];
    const before = (await eventsAbout(learner.enrolment.id)).length;

    // A colleague records the unit as referred just as the completion first reads the unit results.
    let referred: Outcome | undefined;
    const completed = await whenFirstRead(
      /from "leadership_unit_results"/,
      async () => (referred = await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-20", result: "refer" })),
      () => learner.post(completion),
    );

    expect(completed.status).toBe(200);
    expect(referred?.status).toBe(200);
    const actions = (await eventsAbout(learner.enrolment.id)).slice(before).map((e) => e.action);
    expect(actions).toEqual(["leadership.completed", "leadership.unit_result.recorded"]);
  });
});

describe("a completion's audit event", () => {
  it("records the enrolment's status before and after", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    expect((await learner.post({ ...completion, ilmRegistration: "ILM-BEFORE-1", certificateNumber: "CERT-BEFORE-1" })).status).toBe(200);
    const event = (await eventsAbout(learner.enrolment.id)).find((e) => e.action === "leadership.completed")!;
    expect(JSON.parse(event.before_json!)).toEqual({ status: "enrolled" });
    expect(JSON.parse(event.after_json!)).toMatchObject({ status: "completed", certificateNumber: "CERT-BEFORE-1" });
    const stored = await db().selectFrom("enrolments").select("status").where("id", "=", learner.enrolment.id).executeTakeFirstOrThrow();
    expect(stored.status).toBe("completed");
  });
});
