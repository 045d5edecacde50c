// A calendar app replaces an event it holds only with one carrying a higher SEQUENCE (RFC 5545): a moved
// session's calendar file, and its cohort's, carry a higher number than before, even for two moves within
// the same second, and the files name the same number for the same session.
import { beforeAll, describe, expect, it } from "vitest";
import * as cohortCalendar from "../../plugins/leadership/routes/cohorts.$cohortId.calendar";
import * as sessionCalendar from "../../plugins/leadership/routes/sessions.$sessionId.calendar";
import { createCohort, sessionAsShown, updateSession } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { run } from "../support/route";

let cohortId: number;
let sessionId: number;

beforeAll(async () => {
  await seedDemo();
  const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Sequence cohort", startsOn: "2031-01-06", endsOn: "2031-06-30", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2031-01-06", cadence: "weekly", count: 3, time: "09:30", durationMinutes: 120 },
    actor,
  );
  const [first] = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").execute();
  sessionId = first.id;
});

/** The SEQUENCE of each event in a calendar file, by its UID's session id. */
function sequences(ics: string): Map<number, number> {
  const events = ics.split("BEGIN:VEVENT").slice(1);
  return new Map(events.map((event) => [Number(/UID:cohort-session-(\d+)@/.exec(event)![1]), Number(/\r?\nSEQUENCE:(\d+)/.exec(event)?.[1] ?? Number.NaN)]));
}

async function sessionSequence() {
  const file = await run(sessionCalendar.loader, await requestAs("manager", `/programmes/leadership/sessions/${sessionId}/calendar`), { sessionId: String(sessionId) });
  return sequences(file.data as string).get(sessionId)!;
}

async function feedSequence() {
  const file = await run(cohortCalendar.loader, await requestAs("manager", `/programmes/leadership/cohorts/${cohortId}/calendar`), { cohortId: String(cohortId) });
  return sequences(file.data as string).get(sessionId)!;
}

/** Moves the session a day later, as its edit page would, from the session as it is now. */
async function moveOneDay() {
  const session = await db().selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
  const day = 86_400_000;
  const startsAt = new Date(Date.parse(session.starts_at) + day).toISOString();
  const endsAt = new Date(Date.parse(session.ends_at) + day).toISOString();
  const actor = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };
  expect(await updateSession(sessionId, { title: session.title, startsAt, endsAt, location: session.location, status: session.status }, actor, sessionAsShown(session))).toEqual({ ok: true });
}

describe("a session's calendar event", () => {
  it("carries a version number, the same in the session's file and the cohort's", async () => {
    const before = await sessionSequence();
    expect(Number.isInteger(before)).toBe(true);
    expect(await feedSequence()).toBe(before);
  });

  it("carries a higher one after each move, even two moves within a second", async () => {
    const before = await sessionSequence();
    await moveOneDay();
    const afterFirst = await sessionSequence();
    await moveOneDay();
    const afterSecond = await sessionSequence();
    expect(afterFirst).toBeGreaterThan(before);
    expect(afterSecond).toBeGreaterThan(afterFirst);
    expect(await feedSequence()).toBe(afterSecond);
  });
});
