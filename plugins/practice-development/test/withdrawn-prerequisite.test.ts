// A Signs of Safety stage left part-way, through the real loaders and actions on a migrated, seeded
// database: someone marked present on the two-day course's first day has done it (a "present" at a held
// session counts), but once L&D withdraw them from it, before its last day, they have not: the place and its
// register row are gone, so the mark no longer counts, the page no longer says the stage is done, and
// booking the next stage is refused, nothing written. Before, the mark on the withdrawn place still
// unlocked the next stage.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development/briefings";
const LEARNER = "asye";

type SosPage = { stages: { kind: string; done: boolean; ready: boolean }[] };

beforeAll(async () => {
  await seedDemo();
});

async function newCohort(kind: "sos_course" | "sos_practice_lead", name: string, firstDate: string, days: string) {
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind, name, firstDate, time: "10:00", durationMinutes: "360", days, capacity: "10" })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

const onSessionPage = async (cohort: number, fields: [string, string][]) =>
  run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, { method: "POST", body: new URLSearchParams(fields) }), { cohortId: String(cohort) });
const stagesOf = async () => Object.fromEntries(((await run(sos.loader, await requestAs(LEARNER, `${BASE}/signs-of-safety`))).data as SosPage).stages.map((s) => [s.kind, { done: s.done, ready: s.ready }]));
const book = async (cohort: number) => run(sos.action, await requestAs(LEARNER, `${BASE}/signs-of-safety`, post({ intent: "book", cohort: String(cohort) })));
const placesOn = (cohort: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohort).execute();

/**
 * A two-day course begun yesterday, with a third day tomorrow so L&D can still withdraw someone from it
 * (until its last session ends): the learner holds a place (given as L&D would, the course having begun)
 * and is marked present on its first day through its register.
 */
async function courseAttendedOnItsFirstDay() {
  const cohort = await newCohort("sos_course", "Course, left after its first day", inDays(-1), "3");
  const [first] = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort).orderBy("sequence").execute();
  const now = new Date().toISOString();
  const [place] = await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: await personIdOf(LEARNER), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
  expect((await onSessionPage(cohort, [["session", String(first.id)], ["shown", String(place.id)], [`shown-${place.id}`, ""], [`mark-${place.id}`, "present"]])).status).toBe(302);
  return { cohort, place: place.id, session: first.id };
}

describe("a learner withdrawn from the two-day course after attending its first day", () => {
  it("has not done it: the page says so, and booking practice-lead development is refused, nothing written", async () => {
    expect((await stagesOf()).sos_course.done).toBe(false);
    const course = await courseAttendedOnItsFirstDay();
    const lead = await newCohort("sos_practice_lead", "Practice-lead development after a course left part-way", inDays(30), "1");
    // Present at a held session of a place still held: the stage counts as done.
    expect(await stagesOf()).toMatchObject({ sos_course: { done: true }, sos_practice_lead: { ready: true } });

    expect((await onSessionPage(course.cohort, [["intent", "withdraw"], ["enrolment", String(course.place)]])).status).toBe(302);
    // The mark is kept, but on a place withdrawn.
    expect(await db().selectFrom("attendance").select("status").where("session_id", "=", course.session).where("enrolment_id", "=", course.place).executeTakeFirstOrThrow()).toEqual({ status: "present" });

    expect(await stagesOf()).toMatchObject({ sos_course: { done: false }, sos_practice_lead: { ready: false } });
    const refused = await book(lead);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.prerequisite" });
    expect(await placesOn(lead)).toEqual([]);
  });

  it("who completed it elsewhere has done it, whatever the place withdrawn says", async () => {
    const course = await courseAttendedOnItsFirstDay();
    expect((await onSessionPage(course.cohort, [["intent", "withdraw"], ["enrolment", String(course.place)]])).status).toBe(302);
    const earlier = await newCohort("sos_course", "Course completed earlier", inDays(-60), "2");
    const now = new Date().toISOString();
    await db().insertInto("enrolments").values({ cohort_id: earlier, person_id: await personIdOf(LEARNER), status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).execute();
    const lead = await newCohort("sos_practice_lead", "Practice-lead development after a course completed", inDays(31), "1");

    expect(await stagesOf()).toMatchObject({ sos_course: { done: true }, sos_practice_lead: { ready: true } });
    expect((await book(lead)).status).toBe(302);
    expect(await placesOn(lead)).toEqual([{ person_id: await personIdOf(LEARNER), status: "enrolled" }]);
  });
});
