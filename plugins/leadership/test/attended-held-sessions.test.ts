// Only a session held counts as attended on Level 5. A "present" mark kept on a session cancelled after
// its register was taken, or on one still to come (stored before registers refused them), counts towards
// no learner's progress, taught hours, /me card, completion or key metric.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { writeSettings } from "../../../app/services/settings.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import { PLUGIN_ID, REQUIRED_SESSIONS } from "../programme";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { taughtMinutes } from "../server/guided-learning.server";
import { leadershipMetrics } from "../server/metrics.server";
import { leadershipDb, progressOf } from "../server/progress.server";
import { learnerWidget } from "../server/widgets.server";
import { postRegister, registerOpenedBy } from "./register-page";
import { form, peopleNamed } from "./support";

const SYSTEM = { userId: null, personId: null };

/** A cohort of 60-minute weekly sessions from `firstDate`, with a place for each of `people`; its sessions by number and the places in order. */
async function cohortWith(name: string, firstDate: string, count: number, people: number[]) {
  const cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name, startsOn: firstDate, endsOn: addDaysToDate(firstDate, 7 * count), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
  const sessions = new Map((await db().selectFrom("cohort_sessions").select(["id", "sequence"]).where("cohort_id", "=", cohortId).execute()).map((s) => [s.sequence, s.id]));
  const places: number[] = [];
  for (const personId of people) {
    const placed = await requestPlace({ cohortId, personId, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    places.push(placed.enrolmentId);
  }
  return { cohortId, sessions, places };
}

/** A mark stored without a register, as ones were before registers refused sessions not held. */
const storeMark = (sessionId: number, enrolmentId: number, status: "present" | "absent") => db().insertInto("attendance").values({ session_id: sessionId, enrolment_id: enrolmentId, status, marked_by: null, marked_at: new Date().toISOString() }).execute();

const cancel = (sessionId: number) => db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", sessionId).execute();

const takeRegister = async (sessionId: number) => postRegister(sessionId, { ...(await registerOpenedBy(sessionId)), intent: "all-present" });

let learner: { personId: number; enrolmentId: number };
let cohort: Awaited<ReturnType<typeof cohortWith>>;

/**
 * Sessions 1 and 2 held and everyone marked present; then session 2 cancelled. Session 3 held, nobody
 * marked; session 4 is tomorrow, with a "present" stored for the learner anyway.
 */
beforeAll(async () => {
  await seedDemo();
  const people = await peopleNamed("ATTHELD", 2);
  cohort = await cohortWith("Attended when held", addDaysToDate(londonToday(), -20), 4, people);
  learner = { personId: people[0], enrolmentId: cohort.places[0] };
  for (const sequence of [1, 2]) expect((await takeRegister(cohort.sessions.get(sequence)!)).data).toEqual({ changed: 2 });
  await cancel(cohort.sessions.get(2)!);
  await storeMark(cohort.sessions.get(4)!, learner.enrolmentId, "present");
});

describe("a present mark on a session cancelled later, or still to come", () => {
  it("is not a session attended in a learner's progress", async () => {
    const progress = await progressOf(cohort.places);
    expect(cohort.places.map((id) => progress.get(id)?.attended)).toEqual([1, 1]);
  });

  it("adds no taught hours", async () => {
    expect((await taughtMinutes([learner.enrolmentId])).get(learner.enrolmentId)).toBe(60);
  });

  it("is not counted on the learner's /me card, which never says more attended than held", async () => {
    const card = await learnerWidget(pluginContext(plugin, "en-GB"), { userId: 0, personId: learner.personId, roles: [] });
    expect(card?.rows?.[2]).toEqual({ label: "Sessions attended", value: "1 of 2 held so far" });
  });

  it("does not let a completion be recorded, which it can be once enough sessions held are attended", async () => {
    const ld = { userId: null, personId: null };
    await writeSettings(PLUGIN_ID, { requiredSessions: 2 }, ld);
    try {
      const stamp = new Date().toISOString();
      const units = await leadershipDb().selectFrom("leadership_units").select("id").execute();
      await leadershipDb().insertInto("leadership_unit_results").values(units.map((u) => ({ enrolment_id: learner.enrolmentId, unit_id: u.id, submitted_on: londonToday(), result: "pass" as const, feedback: null, assessed_by: null, assessed_at: stamp }))).execute();
      const days = Array.from({ length: 5 }, (_, i) => ({ enrolment_id: learner.enrolmentId, occurred_on: addDaysToDate(londonToday(), -i), activity: "Portfolio", minutes: 8 * 60, reflection: null, confirmed_by: null, confirmed_at: stamp, created_at: stamp }));
      await leadershipDb().insertInto("leadership_guided_learning").values(days).execute();
      const path = `/programmes/${PLUGIN_ID}/cohorts/${cohort.cohortId}/learners/${learner.enrolmentId}`;
      const params = { cohortId: String(cohort.cohortId), enrolmentId: String(learner.enrolmentId) };
      const complete = async (certificate: string) => run(learnerPage.action, await requestAs("ld", path, form({ intent: "complete", ilmRegistration: "ILM-HELD-1", certificateNumber: certificate })), params);

      const early = await complete("CERT-HELD-1");
      expect(early.data).toMatchObject({ ok: false, form: "completion", formError: "learner.errors.notComplete" });
      expect(await leadershipDb().selectFrom("leadership_completions").select("enrolment_id").where("enrolment_id", "=", learner.enrolmentId).execute()).toEqual([]);

      expect((await takeRegister(cohort.sessions.get(3)!)).data).toEqual({ changed: 2 });
      expect((await complete("CERT-HELD-2")).data).toEqual({ ok: true, message: "learner.completed" });
    } finally {
      await writeSettings(PLUGIN_ID, { requiredSessions: REQUIRED_SESSIONS }, ld);
    }
  });
});

describe("the key metric of attendance at sessions held in the quarter", () => {
  const attendance = async (start: string, end: string) => (await leadershipMetrics(pluginContext(plugin, "en-GB"), { start, end, teamIds: null, current: false })).find((f) => f.id === "attendance")?.value;

  it("leaves out marks on a session cancelled after its register was taken", async () => {
    const [person] = await peopleNamed("ATTPAST", 1);
    const past = await cohortWith("Held in 2025", "2025-01-06", 2, [person]);
    await storeMark(past.sessions.get(1)!, past.places[0], "present");
    await storeMark(past.sessions.get(2)!, past.places[0], "absent");
    await cancel(past.sessions.get(2)!);
    expect(await attendance("2025-01-01", "2025-03-31")).toBe(100);
  });

  it("leaves out marks on a session still to come", async () => {
    const [person] = await peopleNamed("ATTFUTURE", 1);
    const future = await cohortWith("Held in 2031", "2031-01-06", 1, [person]);
    await storeMark(future.sessions.get(1)!, future.places[0], "present");
    expect(await attendance("2031-01-01", "2031-03-31")).toBeNull();
  });
});
