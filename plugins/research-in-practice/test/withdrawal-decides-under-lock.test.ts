// L&D withdrawing a learner from a run gives the freed place to the first person waiting only while the run
// is on offer, and that is decided from the run as it stands under the cohort's lock, not as the run's page
// read it before taking it. Here the run is a council-only one, full, with a colleague waiting; just after
// the page reads the learner's place (the read is wrapped to let the sync in at that moment) the provider
// withdraws the course. A council-only run keeps its waiting list when its course is withdrawn, so the
// withdrawal must leave the colleague waiting, nobody promoted.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { book, form } from "./support";

/** What happens between the run's page reading the learner's place and withdrawing it; once. */
const race = vi.hoisted(() => ({ afterRead: undefined as (() => Promise<void>) | undefined }));

vi.mock("../server/learners.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../server/learners.server")>();
  return {
    ...real,
    placeOnRun: async (...args: Parameters<typeof real.placeOnRun>) => {
      const read = await real.placeOnRun(...args);
      const meanwhile = race.afterRead;
      race.afterRead = undefined;
      if (meanwhile) await meanwhile();
      return read;
    },
  };
});

useOutsideWorld();
beforeAll(seedDemo);

const COURSE = "withdrawn-meanwhile";
const offered = (modified: string, withdrawn: boolean) =>
  course(COURSE, modified, { title: "Withdrawn meanwhile", withdrawn, runs: withdrawn ? [] : [{ id: `${COURSE}-run`, startsOn: "2031-04-01", endsOn: "2031-04-01", venue: "Online", capacity: 10, managerApproval: false }] });

/** Who holds or held a place on the run, and how, in the order they came. */
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute();

describe("L&D withdrawing a learner while the provider withdraws the run's course", () => {
  it("gives the freed place to nobody waiting, as the run stands under the lock", async () => {
    serve([[offered("2031-03-01T00:00:00Z", false)]]);
    await sync();
    const runId = await createTailoredRun((await courseById(COURSE))!, { name: "Council date", startsOn: "2031-05-01", endsOn: "2031-05-01", venue: "Town Hall", capacity: 1, managerApproval: false }, SYSTEM_ACTOR);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    const [learner, colleague] = [await personIdOf("practitioner"), await personIdOf("asye")];
    expect((await book("practitioner", COURSE, runId)).headers.get("Location")).toMatch(/saved=enrolled$/);
    expect((await book("asye", COURSE, runId)).headers.get("Location")).toMatch(/saved=waitlisted$/);
    const [place] = await placesOn(cohort_id);

    race.afterRead = async () => {
      serve([[offered("2031-03-02T00:00:00Z", true)]]);
      await sync();
      expect((await courseById(COURSE))?.withdrawn).toBe(1);
    };
    const page = await import("../routes/runs.$runId");
    const path = `/programmes/research-in-practice/runs/${runId}`;
    const answer = await run(page.action, await requestAs("ld", path, form({ intent: "withdraw", learner: String(place.id) })), { runId });
    expect(race.afterRead).toBeUndefined();
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`${path}?saved=withdrawn`);
    expect((await placesOn(cohort_id)).map(({ person_id, status, waitlist_position }) => ({ person_id, status, waitlist_position }))).toEqual([
      { person_id: learner, status: "withdrawn", waitlist_position: null },
      { person_id: colleague, status: "waitlisted", waitlist_position: 1 },
    ]);
    const waiting = (await placesOn(cohort_id)).find((p) => p.person_id === colleague)!;
    const promoted = await db().selectFrom("audit_events").select("id").where("action", "=", "enrolment.promoted_from_waiting_list").where("subject_id", "=", String(waiting.id)).execute();
    expect(promoted).toEqual([]);
  });
});
