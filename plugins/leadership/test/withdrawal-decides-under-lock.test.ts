// L&D withdrawing a learner from a Level 5 cohort's page gives the freed place to the first person waiting
// only before the cohort begins, and whether it has begun is read under the cohort's lock, in the
// withdrawal's transaction. Here the cohort's start is moved to yesterday just before the withdrawal takes
// the lock (the lock is wrapped to let that change in first, as an edit or the first day coming would):
// the place must wait for L&D to offer it, nobody promoted.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as cohortPage from "../routes/cohorts.$cohortId";
import { form, fullCohort, peopleNamed } from "./support";

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

describe("L&D withdrawing a learner as the cohort begins", () => {
  it("keeps the freed place for L&D to offer when the cohort has begun by the time the lock is held", async () => {
    const [learner, waiting] = await peopleNamed("BEGUNMEANWHILE", 2);
    const { cohortId, places } = await fullCohort("Begun meanwhile", 10, [learner], [waiting]);
    race.beforeLock = async () => {
      await db().updateTable("cohorts").set({ starts_on: addDaysToDate(londonToday(), -1) }).where("id", "=", cohortId).execute();
    };

    const answer = await run(cohortPage.action, await requestAs("ld", `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`, form({ intent: "withdraw", enrolment: String(places.get(learner)) })), { cohortId: String(cohortId) });

    expect(race.beforeLock).toBeUndefined();
    expect(answer.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAfterStart` });
    expect(await statusOf(places.get(learner)!)).toEqual({ status: "withdrawn", waitlist_position: null });
    expect(await statusOf(places.get(waiting)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const promoted = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").where("person_id", "=", waiting).execute();
    expect(promoted).toEqual([]);
  });
});
