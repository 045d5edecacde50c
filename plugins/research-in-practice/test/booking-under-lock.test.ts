// A booking decides whether its run is still on offer under the cohort's lock, where the sync withdraws the
// run and closes its requests and waiting list. Here the provider withdraws the course just after the
// course page has read the run it is booking (the read is wrapped to let the sync in at that moment): the
// booking must not land on the withdrawn run.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { countRows, personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { sampleCourses } from "../server/sample-feed.server";
import { applyCourses, checkItems } from "../server/sync.server";
import { form } from "./support";

/** What happens between the course page reading the run and booking it; once. */
const race = vi.hoisted(() => ({ afterRead: undefined as (() => Promise<void>) | undefined }));

vi.mock("../server/catalogue.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../server/catalogue.server")>();
  return {
    ...real,
    runById: async (runId: string) => {
      const read = await real.runById(runId);
      const meanwhile = race.afterRead;
      race.afterRead = undefined;
      if (meanwhile) await meanwhile();
      return read;
    },
  };
});

beforeAll(seedDemo);

/** The provider withdraws the course, applied as the sync applies it (closing its runs' requests and waiting lists). */
async function providerWithdraws(courseId: string) {
  const course = checkItems(sampleCourses(new Date())).courses.find((c) => c.id === courseId)!;
  await ripDb()
    .transaction()
    .execute((trx) => applyCourses(trx, [{ ...course, withdrawn: true, lastModified: "2999-01-01T00:00:00Z" }]));
}

describe("booking while the sync withdraws the run", () => {
  it("refuses the place, and stores no booking, when the run is withdrawn after the page read it", async () => {
    const path = "/programmes/research-in-practice/courses/rip-analysis";
    const params = { courseId: "rip-analysis" };
    const asye = await personIdOf("asye");
    const cohort = (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "analysis-next").executeTakeFirstOrThrow()).cohort_id;
    const placesOfAsye = () => db().selectFrom("enrolments").select(["id", "status"]).where("cohort_id", "=", cohort).where("person_id", "=", asye).execute();
    expect(await placesOfAsye()).toEqual([]);

    race.afterRead = () => providerWithdraws("rip-analysis");
    const course = await import("../routes/courses.$courseId");
    const audit = await countRows("audit_events");
    const refused = await run(course.action, await requestAs("asye", path, form({ run: "analysis-next" })), params);
    expect(race.afterRead).toBeUndefined();
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ intent: "book", error: "course.errors.notBookable" });
    expect(await placesOfAsye()).toEqual([]);
    // The sync's own events (the run withdrawn) are all that was recorded: no request for a place.
    const requested = await db().selectFrom("audit_events").select("id").where("id", ">", audit).where("action", "like", "enrolment.%").where("person_id", "=", asye).execute();
    expect(requested).toEqual([]);
  });

  it("still books a run that stays on offer", async () => {
    const path = "/programmes/research-in-practice/courses/rip-law";
    const course = await import("../routes/courses.$courseId");
    const booked = await run(course.action, await requestAs("asye", path, form({ run: "law-next" })), { courseId: "rip-law" });
    expect(booked.status).toBe(303);
    expect(booked.headers.get("Location")).toMatch(/saved=(enrolled|requested|waitlisted)$/);
  });
});
