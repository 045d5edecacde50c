// A completion holds the cohort's lock, which a register takes too: a learner's mark changed from present
// to absent as their completion is checked lands after the completion, never between its check of the
// sessions attended and its write. SQLite's transactions already wait for one another; this fails on
// PostgreSQL without the lock.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { seedDemo } from "../../../tests/support/fixtures";
import type { Outcome } from "../../../tests/support/route";
import { postRegister, registerOpenedBy } from "./register-page";
import { learnerOnCohortOne, meetEveryRequirement } from "./support";

beforeAll(seedDemo);

describe("a register changed while a completion is being recorded", () => {
  it("is saved after the completion, not between its check and its write", async () => {
    const learner = await learnerOnCohortOne();
    await meetEveryRequirement(learner);
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", learner.cohortId).orderBy("sequence").executeTakeFirstOrThrow();
    const opened = await registerOpenedBy(session.id);
    const markAbsent = () => postRegister(session.id, { ...opened, [`mark-${learner.enrolment.id}`]: "absent" });
    const lastEvent = Number((await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id);

    // A colleague marks the learner absent just as the completion reads the sessions they attended.
    let marked: Outcome | undefined;
    const completed = await whenFirstRead(
      /from "attendance" as "a"/,
      async () => (marked = await markAbsent()),
      () => learner.post({ intent: "complete", ilmRegistration: "ILM-REGISTER-1", certificateNumber: "CERT-REGISTER-1" }),
    );

    expect(completed.status).toBe(200);
    expect(marked).toMatchObject({ status: 200, data: { changed: 1 } });
    const events = await db().selectFrom("audit_events").select("action").where("id", ">", lastEvent).where("person_id", "=", learner.enrolment.person_id).where("action", "in", ["leadership.completed", "attendance.marked"]).orderBy("id").execute();
    expect(events.map((e) => e.action)).toEqual(["leadership.completed", "attendance.marked"]);
  });
});
