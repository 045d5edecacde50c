// A session cohort whose one session was held yesterday, with places for new people: what the register tests
// mark. Made through L&D's form, as they make one; the places are written directly, as booking is tested elsewhere.
import { expect } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as newSession from "../routes/briefings.sessions.new";
import { idFrom, inDays, post } from "./briefing-requests";
import { addPerson } from "./rollout-fixtures";

export interface HeldSession {
  cohortId: number;
  sessionId: number;
  /** The people given places, in the order asked for, and their places in the same order. */
  people: number[];
  places: number[];
}

export async function heldSessionWithPlaces(name: string, placeCount: number): Promise<HeldSession> {
  const made = await run(newSession.action, await requestAs("ld", "/programmes/practice-development/briefings/sessions/new", post({ kind: "sos_intro", name, firstDate: inDays(-1), time: "10:00", durationMinutes: "90", days: "1", capacity: "10" })));
  expect(made.status).toBe(302);
  const cohortId = idFrom(made.headers.get("Location"));
  const sessionId = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).executeTakeFirstOrThrow()).id;
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const people: number[] = [];
  for (let i = 0; i < placeCount; i++) people.push(await addPerson(team.id));
  const now = new Date().toISOString();
  const rows = await db()
    .insertInto("enrolments")
    .values(people.map((person_id) => ({ cohort_id: cohortId, person_id, status: "enrolled" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now })))
    .returning("id")
    .execute();
  return { cohortId, sessionId, people, places: rows.map((r) => r.id) };
}
