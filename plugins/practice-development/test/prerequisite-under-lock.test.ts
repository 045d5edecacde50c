// Booking a Signs of Safety stage as the earlier stage's register is changed, through the real actions on a
// migrated, seeded database. The prerequisite is checked in the booking's transaction, under the cohort's
// lock, and (on PostgreSQL) holding the earlier stage's cohorts, whose lock a register save takes: a "present"
// taken away before that is seen and the booking refused, nothing written; one taken away as the booking
// checks waits for the place to be given. Checked before the booking's transaction, a mark taken away in
// between still got the person a place on a stage they had not reached.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development/briefings";
type Learner = "practitioner" | "asye";

/** The booking's one read of the cohort, in the core's requestPlace: after the programme's own reads, before the lock. */
const BOOKING_READS_COHORT = /^select \* from "cohorts" where "id" = /;
/** The read of the stages a person has done (`sosStagesDone`). */
const PREREQUISITE_READ = /^select "e"\."person_id", "k"\."kind" from "enrolments" as "e"/;

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(kind: "sos_intro" | "sos_course", name: string, firstDate: string) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind, name, firstDate, time: "10:00", durationMinutes: "90", days: "1", capacity: "10" })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

/** An introduction held yesterday, the learner marked present at it by L&D: the next stage is open to them. */
async function introductionAttendedBy(learner: Learner) {
  const cohort = await newCohort("sos_intro", `Introduction attended by ${learner}`, inDays(-1));
  const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort).executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const [enrolment] = await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: await personIdOf(learner), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
  const intro = { cohort, session: session.id, enrolment: enrolment.id };
  expect((await markIntroduction(intro, "present")).status).toBe(302);
  return intro;
}

/** L&D save the introduction's register, the learner marked present or absent, on a page that showed them `shown` (unmarked when empty). */
async function markIntroduction(intro: { cohort: number; session: number; enrolment: number }, mark: "present" | "absent", shown: "" | "present" = "") {
  const fields = [["session", String(intro.session)], ["shown", String(intro.enrolment)], [`shown-${intro.enrolment}`, shown], [`mark-${intro.enrolment}`, mark]];
  return run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${intro.cohort}`, { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(intro.cohort) });
}

const book = async (learner: Learner, cohort: number) => run(sos.action, await requestAs(learner, `${BASE}/signs-of-safety`, post({ cohort: String(cohort) })));

const placesOn = (cohort: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohort).execute();
const markOf = async (intro: { session: number; enrolment: number }) => (await db().selectFrom("attendance").select("status").where("session_id", "=", intro.session).where("enrolment_id", "=", intro.enrolment).executeTakeFirstOrThrow()).status;
/** The learner's booking and attendance events, in the order they were written. */
const eventsAbout = async (learner: Learner) =>
  (await db().selectFrom("audit_events").select(["action", "subject_type", "after_json"]).where("person_id", "=", await personIdOf(learner)).where("action", "in", ["enrolment.requested", "attendance.marked"]).orderBy("id").execute()).map((e) =>
    e.action === "attendance.marked" ? `marked ${JSON.parse(e.after_json ?? "{}").mark}` : "booked",
  );

describe("booking the next Signs of Safety stage as the introduction's register is changed", () => {
  it("refuses the booking, writing nothing, when the learner's 'present' is taken away before the place is given", async () => {
    const intro = await introductionAttendedBy("practitioner");
    const course = await newCohort("sos_course", "Course, prerequisite taken away", inDays(20));
    let unmarked: Awaited<ReturnType<typeof markIntroduction>> | undefined;

    const refused = await whenFirstRead(BOOKING_READS_COHORT, async () => (unmarked = await markIntroduction(intro, "absent", "present")), () => book("practitioner", course));

    expect(unmarked?.status).toBe(302);
    expect(await markOf(intro)).toBe("absent");
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.prerequisite" });
    expect(await placesOn(course)).toEqual([]);
    expect(await eventsAbout("practitioner")).toEqual(["marked present", "marked absent"]);

    // The page shows why, in its error summary, in English and Welsh.
    const page = (await run(sos.loader, await requestAs("practitioner", `${BASE}/signs-of-safety`))).data;
    for (const [locale, message] of [
      ["en-GB", "Finish the earlier stage of Signs of Safety training before booking this one"],
      ["cy", "Gorffennwch gam cynharach hyfforddiant Arwyddion Diogelwch cyn archebu'r un hwn"],
    ] as const) {
      const html = await renderedAfterPost(sos.default, page, refused.data, locale);
      expect(html).toContain("govuk-error-summary");
      expect(decodeHtml(html)).toContain(message);
      expect(errorSummaryTargets(html)).toEqual([]);
    }
  });

  it("gives the place before the 'present' is taken away when the register is saved as the booking checks it", async () => {
    const intro = await introductionAttendedBy("asye");
    const course = await newCohort("sos_course", "Course, register saved as it is booked", inDays(20));
    let unmarked: Awaited<ReturnType<typeof markIntroduction>> | undefined;

    const booked = await whenFirstRead(PREREQUISITE_READ, async () => (unmarked = await markIntroduction(intro, "absent", "present")), () => book("asye", course));

    // The register waits for the booking, which read a prerequisite still met when the place was given.
    expect(booked.status).toBe(302);
    expect(unmarked?.status).toBe(302);
    expect(await placesOn(course)).toEqual([{ person_id: await personIdOf("asye"), status: "enrolled" }]);
    expect(await eventsAbout("asye")).toEqual(["marked present", "booked", "marked absent"]);
  });
});
