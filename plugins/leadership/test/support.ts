// Helpers the Level 5 tests share.
import { expect } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import { leadershipDb } from "../server/progress.server";

export const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

export const cohortNamed = async (name: string) =>
  db().selectFrom("cohorts").select(["id", "capacity"]).where("programme_id", "=", "leadership").where("name", "=", name).executeTakeFirstOrThrow();

export const employeeOf = async (personId: number) =>
  (await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow()).employee_number;

/** The first learner still enrolled on Cohort 1, a way to post their page's forms (in Welsh with "?lng=cy"), and the programme's units. */
export async function learnerOnCohortOne() {
  const { id: cohortId } = await cohortNamed("Cohort 1");
  const enrolment = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", cohortId).where("status", "=", "enrolled").orderBy("id").executeTakeFirstOrThrow();
  const units = await leadershipDb().selectFrom("leadership_units").select(["id", "title"]).orderBy("sequence").execute();
  const path = `/programmes/leadership/cohorts/${cohortId}/learners/${enrolment.id}`;
  const post = async (fields: Record<string, string>, query = "") => run(learnerPage.action, await requestAs("ld", path + query, form(fields)), { cohortId: String(cohortId), enrolmentId: String(enrolment.id) });
  return { cohortId, enrolment, units, post };
}

const DAY = 86_400_000;
const shifted = (iso: string, days: number) => new Date(Date.parse(iso) - days * DAY).toISOString();

/**
 * Moves a cohort's sessions back whole days, keeping their order and spacing, so that every one has been
 * held by `by` (the last the day before): only a session held keeps a register and counts as attended.
 */
export async function holdEverySession(cohortId: number, by = new Date()) {
  const sessions = await db().selectFrom("cohort_sessions").select(["id", "starts_at", "ends_at"]).where("cohort_id", "=", cohortId).orderBy("starts_at").execute();
  const last = sessions.at(-1);
  if (!last || Date.parse(last.starts_at) < by.getTime() - DAY) return;
  const days = Math.ceil((Date.parse(last.starts_at) - (by.getTime() - DAY)) / DAY);
  for (const s of sessions) await db().updateTable("cohort_sessions").set({ starts_at: shifted(s.starts_at, days), ends_at: shifted(s.ends_at, days) }).where("id", "=", s.id).execute();
  const cohort = await db().selectFrom("cohorts").select(["starts_on", "ends_on"]).where("id", "=", cohortId).executeTakeFirstOrThrow();
  await db().updateTable("cohorts").set({ starts_on: addDaysToDate(cohort.starts_on, -days), ends_on: addDaysToDate(cohort.ends_on, -days) }).where("id", "=", cohortId).execute();
}

/** Moves one session to yesterday, keeping its length: it has been held, so it keeps a register. */
export async function holdSessionYesterday(sessionId: number) {
  const session = await db().selectFrom("cohort_sessions").select(["starts_at", "ends_at"]).where("id", "=", sessionId).executeTakeFirstOrThrow();
  const startsAt = Date.now() - DAY;
  const length = Date.parse(session.ends_at) - Date.parse(session.starts_at);
  await db().updateTable("cohort_sessions").set({ starts_at: new Date(startsAt).toISOString(), ends_at: new Date(startsAt + length).toISOString() }).where("id", "=", sessionId).execute();
}

/**
 * Every requirement met by `by`, as the completion form expects: units passed, every session held and
 * attended, 40 hours confirmed.
 */
export async function meetEveryRequirement(learner: Awaited<ReturnType<typeof learnerOnCohortOne>>, by = new Date()) {
  await holdEverySession(learner.cohortId, by);
  for (const unit of learner.units) {
    expect((await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-01", result: "pass" })).status).toBe(200);
  }
  const stamp = new Date().toISOString();
  const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", learner.cohortId).execute();
  for (const s of sessions) {
    await db().insertInto("attendance").values({ session_id: s.id, enrolment_id: learner.enrolment.id, status: "present", marked_by: null, marked_at: stamp }).onConflict((oc) => oc.columns(["session_id", "enrolment_id"]).doUpdateSet({ status: "present" })).execute();
  }
  const days = Array.from({ length: 5 }, (_, i) => ({ enrolment_id: learner.enrolment.id, occurred_on: `2026-10-0${i + 2}`, activity: "Portfolio", minutes: 8 * 60, reflection: null, confirmed_by: null, confirmed_at: stamp, created_at: stamp }));
  await leadershipDb().insertInto("leadership_guided_learning").values(days).execute();
}

const SYSTEM = { userId: null, personId: null };

/** A cohort with a place for each of `holders`, beginning `startsInDays` from today (in the past when negative), and `waiting` on its waiting list. */
export async function fullCohort(name: string, startsInDays: number, holders: number[], waiting: number[]) {
  const startsOn = addDaysToDate(londonToday(), startsInDays);
  const cohortId = await createCohort(
    { programmeId: "leadership", name, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: holders.length, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
  const places = new Map<number, number>();
  for (const personId of [...holders, ...waiting]) {
    const placed = await requestPlace({ cohortId, personId, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    places.set(personId, placed.enrolmentId);
  }
  return { cohortId, places };
}

/** New team managers, numbered from `prefix`0. */
export async function peopleNamed(prefix: string, count: number) {
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const rows = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `${prefix}${i}`, given_name: "Waiting", family_name: `${prefix} ${i}`, email: `${prefix.toLowerCase()}.${i}@example.test`, team_id: team.id }, { role_category: "team_manager", job_title: "Team Manager" }));
  return (await db().insertInto("people").values(rows).returning("id").execute()).map((r) => r.id);
}

/**
 * Withdraws the person from every Level 5 place they hold, straight in the table: someone holds one place
 * (`onePlaceCheck`), and the demo gives places to people a test asks or books for again.
 */
export async function withoutLevel5Places(personId: number) {
  const cohorts = db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership");
  await db().updateTable("enrolments").set({ status: "withdrawn", waitlist_position: null }).where("person_id", "=", personId).where("cohort_id", "in", cohorts).where("status", "!=", "not_completed").execute();
}
