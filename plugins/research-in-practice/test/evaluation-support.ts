// What the evaluation tests share: the practitioner booked onto a council-only run of the law course, L&D
// recording their completion, the clock set to a moment, the form sent through the real route, and the
// evaluation events it audited.
import { expect, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
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
