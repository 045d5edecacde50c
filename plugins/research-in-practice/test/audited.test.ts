// Every change and its audit event are written in one transaction: when the audit cannot be written,
// nothing of the change is stored. Through the real actions, on a real migrated database.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { onPostgres } from "../../../tests/support/test-database";
import { ripDb } from "../server/db.server";
import { heldOn, yesterday } from "./held-runs";
import { form } from "./support";

beforeAll(seedDemo);

const TAILORED_RUN_CREATED = "research-in-practice.tailored_run.created";

/**
 * Makes only the plugin's own audit event for a tailored run fail, on either engine. With every audit
 * failing (`whileAuditFails`), the core's "cohort.created" event would fail first, inside the cohort's
 * own write, and prove nothing about the run; this reaches the point after the cohort exists, where the
 * cohort must go with the run when that event fails.
 */
async function failsWhileTailoredRunAuditFails(work: () => Promise<unknown>): Promise<boolean> {
  const when = sql.raw(`new.action = '${TAILORED_RUN_CREATED}'`);
  if (onPostgres()) {
    await sql`create function test_refuse_rip_audit() returns trigger language plpgsql as $$ begin raise exception 'audit down'; end $$`.execute(db());
    await sql`create trigger test_refuse_rip_audit before insert on audit_events for each row when (${when}) execute function test_refuse_rip_audit()`.execute(db());
  } else {
    await sql`create trigger test_refuse_rip_audit before insert on audit_events when ${when} begin select raise(abort, 'audit down'); end`.execute(db());
  }
  try {
    await work();
    return false;
  } catch {
    return true;
  } finally {
    await sql`drop trigger test_refuse_rip_audit${onPostgres() ? sql` on audit_events` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_rip_audit()`.execute(db());
  }
}

describe("a council-only run", () => {
  const path = "/programmes/research-in-practice/courses/rip-permanence";
  const params = { courseId: "rip-permanence" };
  const create = async (name: string) => {
    const course = await import("../routes/courses.$courseId");
    return run(course.action, await requestAs("ld", path, form({ intent: "tailored", name, startsOn: "2030-05-06", endsOn: "2030-05-06", venue: "Audit room", capacity: "10", managerApproval: "no" })), params);
  };
  const leftBy = async (name: string) => ({
    cohorts: await db().selectFrom("cohorts").select("id").where("name", "=", name).execute(),
    runs: await ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select("r.id").where("c.name", "=", name).execute(),
  });

  it("leaves no cohort behind when its run's own audit event fails after the cohort is written", async () => {
    expect(await failsWhileTailoredRunAuditFails(() => create("Permanence: run audit down"))).toBe(true);
    expect(await leftBy("Permanence: run audit down")).toEqual({ cohorts: [], runs: [] });
    // With the audit back, the same run is made, with its event.
    expect((await create("Permanence: run audit down")).status).toBe(303);
    const made = await leftBy("Permanence: run audit down");
    expect(made.runs).toHaveLength(1);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", TAILORED_RUN_CREATED).where("subject_id", "=", made.runs[0].id).execute()).toHaveLength(1);
  });
});

describe("an evaluation", () => {
  it("stores no answers when the audit cannot be written", async () => {
    const course = await import("../routes/courses.$courseId");
    const evaluation = await import("../routes/evaluations.$enrolmentId");
    const booked = await run(course.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/rip-voice", form({ run: "voice-next" })), { courseId: "rip-voice" });
    expect(booked.status).toBe(303);
    const voice = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "voice-next").executeTakeFirstOrThrow();
    const mine = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", voice.cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const path = `/programmes/research-in-practice/evaluations/${mine.id}`;
    const params = { enrolmentId: String(mine.id) };
    const answer = async () => run(evaluation.action, await requestAs("practitioner", path, form({ stage: "before", o0: "2", o1: "3" })), params);
    const stored = () => ripDb().selectFrom("research_in_practice_evaluations").select("before_json").where("enrolment_id", "=", mine.id).execute();

    expect(await failsWhileAuditFails(answer)).toBe(true);
    expect(await stored()).toEqual([]);
    // The answers are still due, and go in once the audit is back.
    expect(((await run(evaluation.loader, await requestAs("practitioner", path), params)).data as { stage: string | null }).stage).toBe("before");
    expect((await answer()).status).toBe(303);
    expect(await stored()).toEqual([{ before_json: "[2,3]" }]);
  });
});

describe("a run's completion", () => {
  const COMPLETED = "research-in-practice.completed";

  it("marks nobody present when its own audit event fails after the attendance is written", async () => {
    const course = await import("../routes/courses.$courseId");
    const page = await import("../routes/runs.$runId");
    const coursePath = "/programmes/research-in-practice/courses/rip-analysis";
    const courseParams = { courseId: "rip-analysis" };
    await run(course.action, await requestAs("ld", coursePath, form({ intent: "tailored", name: "Analysis: completion audit down", startsOn: "2030-06-03", endsOn: "2030-06-03", venue: "Completion audit room", capacity: "5", managerApproval: "no" })), courseParams);
    const runs = ((await run(course.loader, await requestAs("ld", coursePath), courseParams)).data as { runs: { id: string; venue: string }[] }).runs;
    const runId = runs.find((r) => r.venue === "Completion audit room")!.id;
    expect((await run(course.action, await requestAs("asye", coursePath, form({ run: runId })), courseParams)).status).toBe(303);
    await heldOn(runId, yesterday());
    const cohort = (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
    const place = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("asye")).executeTakeFirstOrThrow()).id;
    const complete = async () => run(page.action, await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`, form([["learner", String(place)]])), { runId });
    const stored = async () => ({
      status: (await db().selectFrom("enrolments").select("status").where("id", "=", place).executeTakeFirstOrThrow()).status,
      attendance: await db().selectFrom("attendance").select("status").where("enrolment_id", "=", place).execute(),
      cpd: await db().selectFrom("cpd_entries").select("id").where("source_ref", "=", `enrolment:${place}`).execute(),
      offers: await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", `enrolment:${place}`).execute(),
      marked: await db().selectFrom("audit_events").select("id").where("action", "=", "attendance.marked").where("person_id", "=", await personIdOf("asye")).where("subject_type", "=", "cohort_session").execute(),
    });
    const before = await stored();
    expect(before).toMatchObject({ status: "enrolled", attendance: [], cpd: [] });

    // Only the completion's own event fails: the attendance (and its event) were written by then.
    expect(await failsWhileAuditFails(complete, COMPLETED)).toBe(true);
    expect(await stored()).toEqual(before);
    // With the audit back, the learner is completed and marked present.
    expect(((await complete()).data as { completed: number }).completed).toBe(1);
    expect(await stored()).toMatchObject({ status: "completed", attendance: [{ status: "present" }], cpd: [expect.anything()] });
  });
});
