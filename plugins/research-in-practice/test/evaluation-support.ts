// What the evaluation tests share: the practitioner booked onto a council-only run of the law course, L&D
// recording their completion, the clock set to a moment, the form sent through the real route, and the
// evaluation events it audited.
import { expect, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { evaluationContext, saveConfidence } from "../server/evaluations.server";
import { form } from "./support";

/** The evaluation action's reply, as the page reads it. */
export type Sent = { reply: { error?: Record<string, string[] | null>; initialValue?: Record<string, unknown> }; stage: string | null; refused: boolean };

const coursePath = "/programmes/research-in-practice/courses/rip-law";
const courseParams = { courseId: "rip-law" };
const course = () => import("../routes/courses.$courseId");
export const evaluation = () => import("../routes/evaluations.$enrolmentId");
export const evaluationPath = (enrolmentId: number) => `/programmes/research-in-practice/evaluations/${enrolmentId}`;

/** Sets the clock to `instant` (Date only, so timers still run); the tests put it back after each. */
export const at = (instant: string) => vi.useFakeTimers({ toFake: ["Date"], now: new Date(instant) });

/** Books the practitioner onto a new council-only run of one day, answering the run's and the place's ids. */
export async function bookedOn(venue: string, day: string) {
  const made = await run((await course()).action, await requestAs("ld", coursePath, form({ intent: "tailored", name: `Law: ${venue}`, startsOn: day, endsOn: day, venue, capacity: "5", managerApproval: "no" })), courseParams);
  expect(made.status).toBe(303);
  const runs = ((await run((await course()).loader, await requestAs("practitioner", coursePath), courseParams)).data as { runs: { id: string; venue: string }[] }).runs;
  const runId = runs.find((r) => r.venue === venue)!.id;
  expect((await run((await course()).action, await requestAs("practitioner", coursePath, form({ run: runId })), courseParams)).status).toBe(303);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  return { runId, enrolmentId: enrolment.id };
}

/** L&D record the learner's completion on the run's page. */
export async function recordCompletion(runId: string, enrolmentId: number) {
  const done = await run((await import("../routes/runs.$runId")).action, await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`, form([["learner", String(enrolmentId)]])), { runId });
  expect(done.data).toMatchObject({ completed: 1 });
}

/** The practitioner sends their evaluation form with these fields. */
export const send = async (enrolmentId: number, fields: Record<string, string>) => run((await evaluation()).action, await requestAs("practitioner", evaluationPath(enrolmentId), form(fields)), { enrolmentId: String(enrolmentId) });

/** The evaluation events audited for the place, oldest first. */
export const auditedFor = async (enrolmentId: number) =>
  (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "enrolment").where("subject_id", "=", String(enrolmentId)).where("action", "like", "research-in-practice.evaluation.%").orderBy("id").execute()).map((e) => e.action);

/** Completed places on a new council-only run of the course on `day`, for the first `count` people in teams. */
export async function completedPlaces(courseId: string, { name, day, count }: { name: string; day: string; count: number }) {
  const runId = await createTailoredRun((await courseById(courseId))!, { name, startsOn: day, endsOn: day, venue: "Hall", capacity: 50, managerApproval: false }, SYSTEM_ACTOR);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const people = await db().selectFrom("people").select("id").where("team_id", "is not", null).orderBy("id").limit(count).execute();
  const stamp = new Date().toISOString();
  const places = await db()
    .insertInto("enrolments")
    .values(people.map((p) => ({ cohort_id, person_id: p.id, status: "completed" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: p.id, override_reason: null, created_at: stamp, updated_at: stamp })))
    .returning("id")
    .execute();
  return places.map((p) => p.id);
}

/** A learner's ratings, stored by the evaluation service with the objectives the course has as they give them. */
export async function rates(enrolmentId: number, stage: "before" | "after", ratings: number[]) {
  const context = (await evaluationContext(enrolmentId))!;
  expect(context.objectives).toHaveLength(ratings.length);
  expect(await saveConfidence(context, stage, ratings, stage === "after" ? "Something." : null, SYSTEM_ACTOR)).toBe(true);
}
