// A learner may give up their place only before the run's first day, and that is decided under the cohort's
// lock, where the sync moves a run. Here the provider moves the run to today just after the course page has
// read the learner's booking (the sync runs at that moment, and is let finish before the page goes on): the
// run has begun, so the place must stay booked, and the refusal is a conflict (409), so the page is drawn
// again as it now is.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { book, form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const runOn = (startsOn: string) => ({ id: "brought-forward-run", startsOn, endsOn: startsOn, venue: "Civic Offices", capacity: 5, managerApproval: false });
const offered = (modified: string, startsOn: string) => course("brought-forward", modified, { title: "Brought forward", runs: [runOn(startsOn)] });

/** The course page's read of the learner's bookings, with their runs. */
const BOOKINGS_READ = /from "enrolments" as "e" inner join "research_in_practice_runs"/i;

describe("cancelling a place as the provider moves the run to today", () => {
  it("is refused, and the place stays booked", async () => {
    serve([[offered("2031-01-01T00:00:00Z", "2031-12-01")]]);
    await sync();
    expect((await book("practitioner", "brought-forward", "brought-forward-run")).status).toBe(303);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "brought-forward-run").executeTakeFirstOrThrow();
    const placeOf = async () => (await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow()).status;
    expect(await placeOf()).toBe("enrolled");

    const providerMovesItToToday = async () => {
      serve([[offered("2031-01-02T00:00:00Z", londonToday())]]);
      await sync();
    };
    const page = await import("../routes/courses.$courseId");
    const cancel = async () => run(page.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/brought-forward", form({ intent: "withdraw", run: "brought-forward-run" })), { courseId: "brought-forward" });
    const refused = await whenFirstRead(BOOKINGS_READ, providerMovesItToToday, cancel, 10_000);
    expect((await ripDb().selectFrom("cohorts").select("starts_on").where("id", "=", cohort_id).executeTakeFirstOrThrow()).starts_on).toBe(londonToday());
    expect(refused.status).toBe(409);
    expect(refused.data).toEqual({ intent: "withdraw", error: "course.errors.notWithdrawable" });
    expect(await placeOf()).toBe("enrolled");
  });
});
