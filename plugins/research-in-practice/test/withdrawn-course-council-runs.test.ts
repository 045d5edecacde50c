// A council-only run of a course the provider has withdrawn stayed bookable, and still gave its free places to
// those waiting: the run is never in the feed, so the sync never withdraws it with its course, and whether a
// run was on offer looked only at the run's own flag. Now the course's flag counts too: a booking is refused
// with the reason (409, the page drawn again saying why, in English and Welsh), and a place given up, by the
// learner or by L&D, or found free by the sync, goes to nobody waiting. Those holding a place keep it, and
// may still cancel it. Through the real sync (msw standing in for the provider), loaders and actions.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { withdraw } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { useOutsideWorld } from "../../../tests/support/msw";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as coursePage from "../routes/courses.$courseId";
import * as runPage from "../routes/runs.$runId";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { book, form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const COURSE = "gone-course";
const PATH = `/programmes/research-in-practice/courses/${COURSE}`;
const offered = (modified: string, withdrawn: boolean) => course(COURSE, modified, { title: "Gone course", withdrawn, runs: withdrawn ? [] : [{ id: "gone-run", startsOn: "2031-04-01", endsOn: "2031-04-01", venue: "Online", capacity: 10, managerApproval: false }] });

/** A council-only run of the course, for `capacity` people, made while the course is on offer. */
async function councilRun(name: string, capacity: number) {
  return createTailoredRun((await courseById(COURSE))!, { name, startsOn: "2031-05-01", endsOn: "2031-05-01", venue: "Town Hall", capacity, managerApproval: false }, SYSTEM_ACTOR);
}

const cohortOf = (runId: string) => ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();

/** Everyone's place on a run, by who holds it. */
async function placesOn(runId: string) {
  const { cohort_id } = await cohortOf(runId);
  return db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohort_id).orderBy("id").execute();
}

async function statusOf(who: DemoAccount, runId: string) {
  const personId = await personIdOf(who);
  return (await placesOn(runId)).find((p) => p.person_id === personId);
}

/** Promotions from the waiting list onto a run's places, as the audit trail records them. */
async function promotionsOn(runId: string) {
  const ids = (await placesOn(runId)).map((p) => String(p.id));
  return db().selectFrom("audit_events").select("subject_id").where("action", "=", "enrolment.promoted_from_waiting_list").where("subject_id", "in", ids).execute();
}

type CourseRun = { id: string; bookable: boolean; booking: string | null; cancel: string | null };
const runsSeenBy = async (who: DemoAccount) => ((await run(coursePage.loader, await requestAs(who, PATH), { courseId: COURSE })).data as { runs: CourseRun[] }).runs;

describe("the council-only runs of a course the provider has withdrawn", () => {
  let roomy: string;
  let cancelled: string;
  let byLearningTeam: string;
  let bySync: string;

  beforeAll(async () => {
    serve([[offered("2024-01-01T00:00:00Z", false)]]);
    await sync();
    roomy = await councilRun("Gone: roomy", 5);
    cancelled = await councilRun("Gone: cancelled", 1);
    byLearningTeam = await councilRun("Gone: L&D withdraw", 1);
    bySync = await councilRun("Gone: freed before the sync", 1);
    expect((await book("practitioner", COURSE, roomy)).status).toBe(303);
    // On each of the full runs the practitioner has the one place and the ASYE waits for it.
    for (const runId of [cancelled, byLearningTeam, bySync]) {
      expect((await book("practitioner", COURSE, runId)).headers.get("Location")).toMatch(/saved=enrolled$/);
      expect((await book("asye", COURSE, runId)).headers.get("Location")).toMatch(/saved=waitlisted$/);
    }
    serve([[offered("2024-01-02T00:00:00Z", true)]]);
    await sync();
    expect((await courseById(COURSE))?.withdrawn).toBe(1);
  });

  it("offers no booking, says why in English and Welsh, and refuses one sent anyway, giving nobody a place or a waiting-list number", async () => {
    const seen = await runsSeenBy("manager");
    expect(seen.find((r) => r.id === roomy)).toMatchObject({ bookable: false });
    expect(seen.find((r) => r.id === cancelled)).toMatchObject({ bookable: false });

    const place = await book("manager", COURSE, roomy);
    expect(place.status).toBe(409);
    expect(place.data).toEqual({ intent: "book", error: "course.errors.bookingCourseWithdrawn" });
    const number = await book("manager", COURSE, cancelled);
    expect(number.data).toEqual({ intent: "book", error: "course.errors.bookingCourseWithdrawn" });
    expect(await statusOf("manager", roomy)).toBeUndefined();
    expect(await statusOf("manager", cancelled)).toBeUndefined();

    const page = await run(coursePage.loader, await requestAs("manager", PATH), { courseId: COURSE });
    const english = decodeHtml(await renderedAfterPost(coursePage.default, page.data, place.data, "en-GB"));
    expect(english).toContain('class="govuk-error-summary"');
    expect(english).toContain("The provider has withdrawn this course, so its dates can no longer be booked");
    expect(english).toContain("The provider has withdrawn this course, so its dates can no longer be booked.</div>");
    expect(english).not.toContain("Book a place");
    const welsh = decodeHtml(await renderedAfterPost(coursePage.default, page.data, place.data, "cy"));
    expect(welsh).toContain("Mae'r darparwr wedi tynnu'r cwrs hwn yn ôl, felly nid oes modd archebu ei ddyddiadau mwyach");
  });

  it("keeps the places already held, which their learners may still cancel, and gives a cancelled place to nobody waiting", async () => {
    expect(await statusOf("practitioner", roomy)).toMatchObject({ status: "enrolled" });
    expect((await runsSeenBy("practitioner")).find((r) => r.id === cancelled)).toMatchObject({ booking: "You are booked", cancel: "enrolled" });

    const answer = await run(coursePage.action, await requestAs("practitioner", PATH, form({ intent: "withdraw", run: cancelled })), { courseId: COURSE });
    expect(answer.status).toBe(303);
    expect(answer.headers.get("Location")).toBe(`${PATH}?saved=cancelled`);
    expect(await statusOf("practitioner", cancelled)).toMatchObject({ status: "withdrawn" });
    expect(await statusOf("asye", cancelled)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotionsOn(cancelled)).toEqual([]);
  });

  it("gives a place L&D withdraw someone from to nobody waiting", async () => {
    const path = `/programmes/research-in-practice/runs/${byLearningTeam}`;
    const place = await statusOf("practitioner", byLearningTeam);
    const answer = await run(runPage.action, await requestAs("ld", path, form({ intent: "withdraw", learner: String(place!.id) })), { runId: byLearningTeam });
    expect(answer.status).toBe(303);
    expect(await statusOf("practitioner", byLearningTeam)).toMatchObject({ status: "withdrawn" });
    expect(await statusOf("asye", byLearningTeam)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotionsOn(byLearningTeam)).toEqual([]);
  });

  it("is passed over by the sync giving free places to those waiting", async () => {
    // A place freed with nobody promoted (as the core's withdrawal leaves it when told not to), then a sync.
    const place = await statusOf("practitioner", bySync);
    expect((await withdraw(place!.id, null, SYSTEM_ACTOR, { promote: false })).ok).toBe(true);
    serve([[offered("2024-01-02T00:00:00Z", true)]]);
    await sync();
    expect(await statusOf("asye", bySync)).toMatchObject({ status: "waitlisted", waitlist_position: 1 });
    expect(await promotionsOn(bySync)).toEqual([]);
  });
});
