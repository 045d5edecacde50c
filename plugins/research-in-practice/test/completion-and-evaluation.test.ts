// Completion and evaluation through the real loaders and actions, and the impact report in aggregate only.
// Booking, cancelling and withdrawing are in booking.test.ts; the evaluation's stages, completion's opening
// and its locking have files of their own.
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { countRows, personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { heldOn, yesterday } from "./held-runs";
import { book, form, type Errors } from "./support";

beforeAll(seedDemo);

describe("completion and evaluation", () => {
  // The practitioner books the voice workshop's next run, which is then held yesterday: completion is
  // recorded once a run has begun.
  beforeAll(async () => {
    expect((await book("practitioner", "rip-voice", "voice-next")).status).toBe(303);
    await heldOn("voice-next", yesterday());
  });

  it("refuses to record completion when no learner is ticked, or none ticked is still booked, and changes nothing", async () => {
    const page = await import("../routes/runs.$runId");
    const path = "/programmes/research-in-practice/runs/voice-next";
    const voice = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "voice-next").executeTakeFirstOrThrow();
    const snapshot = async () => ({
      enrolments: await db().selectFrom("enrolments").select(["id", "status"]).where("cohort_id", "=", voice.cohort_id).orderBy("id").execute(),
      cpd: (await db().selectFrom("cpd_entries").select("id").execute()).length,
      audit: await countRows("audit_events"),
    });
    const before = await snapshot();
    expect(before.enrolments.some((e) => e.status === "enrolled")).toBe(true);
    // Nothing ticked; only someone not on the run; a value that is not an enrolment at all.
    const cases: { fields: [string, string][]; errors: Record<string, string[]> }[] = [
      { fields: [], errors: { learner: ["run.errors.learner"] } },
      { fields: [["learner", "999999"]], errors: { learner: ["run.errors.learner"] } },
      { fields: [["learner", "not-a-number"]], errors: { "learner[0]": ["run.errors.learner"] } },
    ];
    for (const { fields, errors } of cases) {
      const refused = await run(page.action, await requestAs("ld", path, form(fields)), { runId: "voice-next" });
      expect(refused.status).toBe(400);
      expect((refused.data as { reply: Errors }).reply.error).toEqual(errors);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("records completion with CPD hours and an evidence offer for the course's KSS statements", async () => {
    const page = await import("../routes/runs.$runId");
    const voice = await ripDb().selectFrom("research_in_practice_runs").selectAll().where("id", "=", "voice-next").executeTakeFirstOrThrow();
    const alex = await personIdOf("practitioner");
    const mine = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", voice.cohort_id).where("person_id", "=", alex).executeTakeFirstOrThrow();
    const done = await run(page.action, await requestAs("ld", "/programmes/research-in-practice/runs/voice-next", form([["learner", String(mine.id)], ["learner", "999999"]])), { runId: "voice-next" });
    expect(done.status).toBe(200);
    expect(done.data).toMatchObject({ completed: 1 });
    expect(await db().selectFrom("cpd_entries").select(["title", "hours"]).where("person_id", "=", alex).where("source_ref", "=", `enrolment:${mine.id}`).execute()).toEqual([{ title: "Hearing the Voice of the Child", hours: 3.5 }]);
    expect((await db().selectFrom("evidence_offers").select("statement_ref").where("person_id", "=", alex).where("source_ref", "=", `enrolment:${mine.id}`).orderBy("statement_ref").execute()).map((o) => o.statement_ref)).toEqual(["kss-practitioner:1", "kss-practitioner:2"]);
    expect((await db().selectFrom("attendance").select("status").where("enrolment_id", "=", mine.id).executeTakeFirstOrThrow()).status).toBe("present");
    expect((await run(page.loader, await requestAs("practitioner", "/programmes/research-in-practice/runs/voice-next"), { runId: "voice-next" })).status).toBe(403);
  });

  it("refuses L&D recording their own completion, offering no box for their own place, and changes nothing", async () => {
    const course = await import("../routes/courses.$courseId");
    const page = await import("../routes/runs.$runId");
    const coursePath = "/programmes/research-in-practice/courses/rip-analysis";
    const courseParams = { courseId: "rip-analysis" };
    await run(course.action, await requestAs("ld", coursePath, form({ intent: "tailored", name: "Analysis: L&D's own place", startsOn: "2030-03-04", endsOn: "2030-03-04", venue: "Own-place room", capacity: "5", managerApproval: "no" })), courseParams);
    const runs = ((await run(course.loader, await requestAs("ld", coursePath), courseParams)).data as { runs: { id: string; venue: string }[] }).runs;
    const runId = runs.find((r) => r.venue === "Own-place room")!.id;
    for (const who of ["ld", "asye"] as const) expect((await run(course.action, await requestAs(who, coursePath, form({ run: runId })), courseParams)).status).toBe(303);
    await heldOn(runId, yesterday());
    const cohort = (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
    const placeOf = async (who: "ld" | "asye") => (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf(who)).executeTakeFirstOrThrow()).id;
    const [own, other] = [await placeOf("ld"), await placeOf("asye")];
    const path = `/programmes/research-in-practice/runs/${runId}`;

    // The page marks the viewer's own place, which it renders without a box.
    const learners = ((await run(page.loader, await requestAs("ld", path), { runId })).data as { learners: { id: number; own: boolean }[] }).learners;
    expect(learners.map((l) => [l.id, l.own]).sort()).toEqual([[other, false], [own, true]].sort());

    const snapshot = async () => ({
      enrolments: await db().selectFrom("enrolments").select(["id", "status"]).where("cohort_id", "=", cohort).orderBy("id").execute(),
      cpd: await db().selectFrom("cpd_entries").select("id").where("source_ref", "in", [`enrolment:${own}`, `enrolment:${other}`]).execute(),
      audit: await countRows("audit_events"),
    });
    const before = await snapshot();
    // Their own place alone, or with a colleague's: refused at the field, and nobody is completed.
    for (const ticked of [[own], [own, other]]) {
      const refused = await run(page.action, await requestAs("ld", path, form(ticked.map((id) => ["learner", String(id)]))), { runId });
      expect(refused.status).toBe(400);
      expect((refused.data as { reply: Errors }).reply.error).toEqual({ learner: ["run.errors.own"] });
    }
    expect(await snapshot()).toEqual(before);
    // The colleague's place alone is recorded.
    expect((await run(page.action, await requestAs("ld", path, form([["learner", String(other)]])), { runId })).data).toMatchObject({ completed: 1 });
  });

  it("asks the learner for their confidence after the course, with a reminder on /me, and keeps it from others", async () => {
    const evaluation = await import("../routes/evaluations.$enrolmentId");
    const alex = await personIdOf("practitioner");
    const voice = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "voice-next").executeTakeFirstOrThrow();
    const mine = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", voice.cohort_id).where("person_id", "=", alex).executeTakeFirstOrThrow();
    const widgets = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { widgets: { id: string; rows?: { label: string; value: string; href?: string }[] }[] }).widgets;
    expect(widgets.find((w) => w.id === "research-in-practice-reminders")?.rows).toContainEqual({ label: "Hearing the Voice of the Child", value: "After the course: rate your confidence again", href: `/programmes/research-in-practice/evaluations/${mine.id}` });
    const path = `/programmes/research-in-practice/evaluations/${mine.id}`;
    const params = { enrolmentId: String(mine.id) };
    expect((await run(evaluation.loader, await requestAs("asye", path), params)).status).toBe(404);
    expect((await run(evaluation.loader, await requestAs("ld", path), params)).status).toBe(404);
    const bad = await run(evaluation.action, await requestAs("practitioner", path, form({ stage: "after", o0: "7" })), params);
    expect((bad.data as { reply: Errors }).reply.error).toEqual({ o0: ["evaluation.errors.rating"], o1: ["evaluation.errors.rating"], differently: ["evaluation.errors.differently"] });
    expect((await run(evaluation.action, await requestAs("practitioner", path, form({ stage: "after", o0: "4", o1: "5", differently: "Use the three houses tool in every visit." })), params)).status).toBe(303);
    const saved = await ripDb().selectFrom("research_in_practice_evaluations").selectAll().where("enrolment_id", "=", mine.id).executeTakeFirstOrThrow();
    expect(saved).toMatchObject({ after_json: "[4,5]", will_do_differently: "Use the three houses tool in every visit." });
    expect(((await run(evaluation.loader, await requestAs("practitioner", path), params)).data as { stage: string | null }).stage).toBeNull();
    // The audit trail records that an evaluation was given, not what it said.
    const audit = await db().selectFrom("audit_events").select(["after_json"]).where("action", "=", "research-in-practice.evaluation.after").executeTakeFirstOrThrow();
    expect(audit.after_json).toBeNull();
  });
});

describe("the three-month follow-up, and the confirmation after answering", () => {
  const enrolmentOf = async (runId: string) => {
    const r = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    const e = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", r.cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    return e.id;
  };

  it("falls due on the last day of February after a run ending on 30 November, not on 2 March", async () => {
    const course = await import("../routes/courses.$courseId");
    const runPage = await import("../routes/runs.$runId");
    const evaluation = await import("../routes/evaluations.$enrolmentId");
    const path = "/programmes/research-in-practice/courses/rip-voice";
    const params = { courseId: "rip-voice" };
    await run(course.action, await requestAs("ld", path, form({ intent: "tailored", name: "Voice: month end", startsOn: "2028-11-30", endsOn: "2028-11-30", venue: "Month-end room", capacity: "10", managerApproval: "no" })), params);
    const runs = ((await run(course.loader, await requestAs("practitioner", path), params)).data as { runs: { id: string; venue: string }[] }).runs;
    const monthEnd = runs.find((r) => r.venue === "Month-end room")!.id;
    await run(course.action, await requestAs("practitioner", path, form({ run: monthEnd })), params);
    const enrolmentId = await enrolmentOf(monthEnd);
    // L&D record completion that afternoon, once the run has begun.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2028-11-30T15:00:00Z") });
    try {
      expect((await run(runPage.action, await requestAs("ld", `/programmes/research-in-practice/runs/${monthEnd}`, form([["learner", String(enrolmentId)]])), { runId: monthEnd })).data).toMatchObject({ completed: 1 });
    } finally {
      vi.useRealTimers();
    }
    const evaluationPath = `/programmes/research-in-practice/evaluations/${enrolmentId}`;
    const evaluationParams = { enrolmentId: String(enrolmentId) };
    expect((await run(evaluation.action, await requestAs("practitioner", evaluationPath, form({ stage: "after", o0: "2", o1: "3", differently: "Ask the child first." })), evaluationParams)).status).toBe(303);

    const stageOn = async (day: string) => {
      vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${day}T12:00:00Z`) });
      try {
        return ((await run(evaluation.loader, await requestAs("practitioner", evaluationPath), evaluationParams)).data as { stage: string | null }).stage;
      } finally {
        vi.useRealTimers();
      }
    };
    expect(await stageOn("2029-02-27")).toBeNull();
    // 2029 is not a leap year: three months after 30 November is 28 February.
    expect(await stageOn("2029-02-28")).toBe("followup");
  });

  it("confirms the answers once sent, in English and Welsh, and only then", async () => {
    const course = await import("../routes/courses.$courseId");
    const evaluation = await import("../routes/evaluations.$enrolmentId");
    const home = await import("../routes/index");
    await run(course.action, await requestAs("practitioner", "/programmes/research-in-practice/courses/rip-analysis", form({ run: "analysis-next" })), { courseId: "rip-analysis" });
    const enrolmentId = await enrolmentOf("analysis-next");
    const params = { enrolmentId: String(enrolmentId) };
    const evaluationPath = `/programmes/research-in-practice/evaluations/${enrolmentId}`;
    expect(((await run(evaluation.loader, await requestAs("practitioner", evaluationPath), params)).data as { stage: string | null }).stage).toBe("before");
    const sent = await run(evaluation.action, await requestAs("practitioner", evaluationPath, form({ stage: "before", o0: "3", o1: "4" })), params);
    expect(sent.status).toBe(303);
    const sentTo = sent.headers.get("Location")!;
    const notice = async (to: string) => ((await run(home.loader, await requestAs("practitioner", to))).data as { evaluated: string | null }).evaluated;
    expect(await notice(sentTo)).toBe("Thank you: your answers have been sent.");
    expect(await notice(`${sentTo}&lng=cy`)).toBe("Diolch: mae eich atebion wedi'u hanfon.");
    expect(await notice("/programmes/research-in-practice")).toBeNull();
  });
});

describe("the impact report", () => {
  it("gives L&D the change in confidence per objective, response rates and follow-up answers, in aggregate", async () => {
    const impact = await import("../routes/impact");
    const data = (await run(impact.loader, await requestAs("ld", "/programmes/research-in-practice/impact?course=rip-permanence"))).data as {
      report: { completed: number; objectives: { objective: string; before: string; after: string; change: string }[]; followUp: { band: string; count: number }[]; rates: { before: string } };
    };
    expect(data.report.completed).toBe(12);
    expect(data.report.objectives).toHaveLength(5);
    expect(data.report.objectives[0].objective).toBe("Keep children and their lived experience at the centre of planning");
    for (const o of data.report.objectives) expect(Number(o.change.replace("+", ""))).toBeGreaterThan(0);
    expect(data.report.rates.before).toMatch(/^\d+% \(\d+\)$/);
    expect(data.report.followUp.reduce((sum, f) => sum + f.count, 0)).toBeGreaterThan(0);
    expect(JSON.stringify(data)).not.toMatch(/given_name|family_name|employee/);
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const local = (await run(impact.loader, await requestAs("ld", `/programmes/research-in-practice/impact?course=rip-permanence&locality=${north.id}`))).data as { report: { completed: number } };
    expect(local.report.completed).toBeLessThanOrEqual(12);
    const csv = await run((await import("../routes/impact.export")).loader, await requestAs("ld", "/programmes/research-in-practice/impact/export?course=rip-permanence"));
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect((csv.data as string).split("\r\n")[1]).toMatch(/^Keep children and their lived experience at the centre of planning,/);
    for (const who of ["practitioner", "manager"] as const) expect((await run(impact.loader, await requestAs(who, "/programmes/research-in-practice/impact"))).status).toBe(403);
  });
});

describe("when each evaluation is due", () => {
  it("asks before the course, after completing it, and three months after it ended", async () => {
    const { dueStage } = await import("../server/evaluations.server");
    const base = { run_withdrawn: 0, starts_on: "2026-10-01", ends_on: "2026-10-02", before_at: null, after_at: null, followup_at: null };
    expect(dueStage({ ...base, status: "enrolled" }, "2026-09-20")).toBe("before");
    expect(dueStage({ ...base, status: "enrolled" }, "2026-10-05")).toBeNull();
    expect(dueStage({ ...base, status: "completed" }, "2026-10-05")).toBe("after");
    expect(dueStage({ ...base, status: "completed", after_at: "x" }, "2026-12-31")).toBeNull();
    expect(dueStage({ ...base, status: "completed", after_at: "x" }, "2027-01-02")).toBe("followup");
    expect(dueStage({ ...base, status: "completed", after_at: "x", followup_at: "y" }, "2027-06-01")).toBeNull();
  });

  it("asks for the follow-up on the month's last day when the run ended on a day that month lacks", async () => {
    const { dueStage } = await import("../server/evaluations.server");
    const answered = { status: "completed" as const, run_withdrawn: 0, starts_on: "2000-01-01", before_at: null, after_at: "x", followup_at: null };
    for (const [endsOn, dayBefore, due] of [["2026-11-29", "2027-02-27", "2027-02-28"], ["2027-03-31", "2027-06-29", "2027-06-30"], ["2027-08-31", "2027-11-29", "2027-11-30"], ["2027-11-30", "2028-02-28", "2028-02-29"]]) {
      expect(dueStage({ ...answered, ends_on: endsOn }, dayBefore)).toBeNull();
      expect(dueStage({ ...answered, ends_on: endsOn }, due)).toBe("followup");
    }
  });

  it("needs an example when the course changed practice", async () => {
    const { parseWithZod } = await import("@conform-to/zod");
    const { followUpSchema } = await import("../forms");
    const answer = (fields: Record<string, string>) => {
      const f = new FormData();
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return parseWithZod(f, { schema: followUpSchema }).reply().error;
    };
    expect(answer({ changed: "yes" })).toEqual({ example: ["evaluation.errors.example"] });
    expect(answer({ changed: "no" })).toBeUndefined();
    expect(answer({})).toEqual({ changed: ["evaluation.errors.changed"] });
  });
});
