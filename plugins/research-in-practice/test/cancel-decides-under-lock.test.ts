// A learner giving up their place on a run gives it to the first person waiting only while the run is on
// offer, and that is decided under the cohort's lock, where the sync withdraws a run or offers it again.
// Here the learner's booking is on a run the provider had withdrawn when the course page read it; just
// after that read (the read is wrapped to let the others in at that moment) the provider offers the run
// again and a colleague joins its waiting list. The place given up must go to the colleague.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { book, form } from "./support";

/** What happens between the course page reading the learner's bookings and cancelling one; once. */
const race = vi.hoisted(() => ({ afterRead: undefined as (() => Promise<void>) | undefined }));

vi.mock("../server/learners.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../server/learners.server")>();
  return {
    ...real,
    bookingsOf: async (...args: Parameters<typeof real.bookingsOf>) => {
      const read = await real.bookingsOf(...args);
      const meanwhile = race.afterRead;
      race.afterRead = undefined;
      if (meanwhile) await meanwhile();
      return read;
    },
  };
});

useOutsideWorld();
beforeAll(seedDemo);

const RUN = { id: "one-place-run", startsOn: "2031-10-06", endsOn: "2031-10-06", venue: "One-place room", capacity: 1, managerApproval: false };
const offered = (modified: string, withdrawn: boolean) => course("one-place", modified, { title: "One-place course", withdrawn, runs: [RUN] });

/** Who holds or held a place on the run, and how, in the order they came. */
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohortId).orderBy("id").execute();

describe("a learner cancelling while the provider offers their withdrawn run again", () => {
  it("gives the place to the colleague who joined its waiting list meanwhile", async () => {
    serve([[offered("2031-02-01T00:00:00Z", false)]]);
    await sync();
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN.id).executeTakeFirstOrThrow();
    const [learner, colleague] = [await personIdOf("practitioner"), await personIdOf("asye")];
    expect((await book("practitioner", "one-place", RUN.id)).status).toBe(303);
    // The provider withdraws the run; the learner's place is kept.
    serve([[offered("2031-02-02T00:00:00Z", true)]]);
    await sync();
    expect(await placesOn(cohort_id)).toEqual([{ person_id: learner, status: "enrolled" }]);

    race.afterRead = async () => {
      serve([[offered("2031-02-03T00:00:00Z", false)]]);
      await sync();
      expect((await book("asye", "one-place", RUN.id)).headers.get("Location")).toMatch(/saved=waitlisted$/);
    };
    const page = await import("../routes/courses.$courseId");
    const cancelled = await run(page.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/one-place", form({ intent: "withdraw", run: RUN.id })), { courseId: "one-place" });
    expect(race.afterRead).toBeUndefined();
    expect(cancelled.headers.get("Location")).toMatch(/saved=cancelled$/);
    expect(await placesOn(cohort_id)).toEqual([
      { person_id: learner, status: "withdrawn" },
      { person_id: colleague, status: "enrolled" },
    ]);
  });
});
