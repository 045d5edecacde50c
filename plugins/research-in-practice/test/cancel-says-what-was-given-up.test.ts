// What a learner is told after giving up a booking on the course page names what they gave up as it stood
// when it was given up, under the run's lock, not as it was read a moment before. Here the learner waits on
// a full run's list and presses "Leave the waiting list"; just after the page reads their bookings, the
// learner holding the one place cancels, and the waiting learner is promoted. What they give up is then a
// place: the page must say the place is cancelled, not that they left the waiting list. A cancel refused
// under the lock is a conflict (409): cancel-reads-start-under-lock.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, sync } from "./feed-support";
import { book, form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const RUN = { id: "one-seat-run", startsOn: "2031-12-01", endsOn: "2031-12-01", venue: "One-seat room", capacity: 1, managerApproval: false };
const PATH = "/programmes/research-in-practice/courses/one-seat";
/** The course page's read of the learner's bookings, with their runs. */
const BOOKINGS_READ = /from "enrolments" as "e" inner join "research_in_practice_runs"/i;

const cancel = async (who: "practitioner" | "asye") => {
  const page = await import("../routes/courses.$courseId");
  return run(page.action, await requestAs(who, PATH, form({ intent: "withdraw", run: RUN.id })), { courseId: "one-seat" });
};

describe("leaving a waiting list as a place comes free", () => {
  it("says the place is cancelled, as a place is what was given up", async () => {
    serve([[course("one-seat", "2031-05-01T00:00:00Z", { title: "One-seat course", runs: [RUN] })]]);
    await sync();
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN.id).executeTakeFirstOrThrow();
    expect((await book("asye", "one-seat", RUN.id)).headers.get("Location")).toMatch(/saved=enrolled$/);
    expect((await book("practitioner", "one-seat", RUN.id)).headers.get("Location")).toMatch(/saved=waitlisted$/);
    const alex = await personIdOf("practitioner");
    const placeOfAlex = async () => (await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohort_id).where("person_id", "=", alex).orderBy("id", "desc").executeTakeFirstOrThrow()).status;

    const holderCancels = async () => expect((await cancel("asye")).headers.get("Location")).toMatch(/saved=cancelled$/);
    const left = await whenFirstRead(BOOKINGS_READ, holderCancels, () => cancel("practitioner"), 10_000);
    expect(left.status).toBe(303);
    expect(left.headers.get("Location")).toMatch(/saved=cancelled$/);
    expect(await placeOfAlex()).toBe("withdrawn");
    const audit = await db().selectFrom("audit_events").select("before_json").where("action", "=", "enrolment.withdrawn").where("person_id", "=", alex).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toEqual({ status: "enrolled" });
  });
});
