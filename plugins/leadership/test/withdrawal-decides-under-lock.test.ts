// A place given up on a Level 5 cohort, by L&D withdrawing the learner on the cohort's page or by the learner
// on the programme's home page, goes to the first person waiting only before the cohort begins, and whether
// it has begun is read under the cohort's lock, in the withdrawal's transaction. Here the cohort's start is moved to yesterday just before the withdrawal takes
// the lock (the lock is wrapped to let that change in first, as an edit or the first day coming would):
// the place must wait for L&D to offer it, nobody promoted.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as home from "../routes/index";
import { form, fullCohort, peopleNamed, withoutLevel5Places } from "./support";

/** What happens just before the next cohort lock is taken; once. */
const race = vi.hoisted(() => ({ beforeLock: undefined as (() => Promise<void>) | undefined }));

vi.mock("../../../app/services/cohort-lock.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../app/services/cohort-lock.server")>();
  return {
    ...real,
    withCohortLock: async (...args: Parameters<typeof real.withCohortLock>) => {
      const meanwhile = race.beforeLock;
      race.beforeLock = undefined;
      if (meanwhile) await meanwhile();
      return real.withCohortLock(...args);
    },
  };
});

beforeAll(seedDemo);

const statusOf = async (enrolmentId: number) => (await db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow());

/** Moves the cohort's first day to yesterday just before the next lock is taken. */
const beginsBeforeTheLock = (cohortId: number) => {
  race.beforeLock = async () => {
    await db().updateTable("cohorts").set({ starts_on: addDaysToDate(londonToday(), -1) }).where("id", "=", cohortId).execute();
  };
};

/** Nobody promoted from the waiting list, and the person waiting keeps their number. */
async function stillWaitingFirst(enrolmentId: number, personId: number) {
  expect(await statusOf(enrolmentId)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  const promoted = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").where("person_id", "=", personId).execute();
  expect(promoted).toEqual([]);
}

describe("a place given up as the cohort begins", () => {
  it("waits for L&D to offer it when L&D withdraw the learner and the cohort has begun by the time the lock is held", async () => {
    const [learner, waiting] = await peopleNamed("BEGUNMEANWHILE", 2);
    const { cohortId, places } = await fullCohort("Begun meanwhile", 10, [learner], [waiting]);
    beginsBeforeTheLock(cohortId);

    const answer = await run(cohortPage.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`, form({ intent: "withdraw", enrolment: String(places.get(learner)) })), { cohortId: String(cohortId) });

    expect(race.beforeLock).toBeUndefined();
    expect(answer.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAfterStart` });
    expect(await statusOf(places.get(learner)!)).toEqual({ status: "withdrawn", waitlist_position: null });
    await stillWaitingFirst(places.get(waiting)!, waiting);
  });

  it("waits for L&D to offer it when the learner gives it up and the cohort has begun by the time the lock is held", async () => {
    const learner = await personIdOf("manager");
    await withoutLevel5Places(learner);
    const [waiting] = await peopleNamed("OWNBEGUN", 1);
    const { cohortId, places } = await fullCohort("Own place, begun meanwhile", 10, [learner], [waiting]);
    beginsBeforeTheLock(cohortId);

    const answer = await run(home.action, await requestAs("manager", `/programmes/${PLUGIN_ID}`, form({ intent: "withdraw", enrolment: String(places.get(learner)) })));

    expect(race.beforeLock).toBeUndefined();
    expect(answer.data).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.withdrawn` });
    expect(await statusOf(places.get(learner)!)).toEqual({ status: "withdrawn", waitlist_position: null });
    await stillWaitingFirst(places.get(waiting)!, waiting);
  });
});
