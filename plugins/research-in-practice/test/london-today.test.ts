// "Today" is London's, where the runs take place: from midnight to 1am in summer, UTC's date is still
// yesterday, so a run starting that day would still be offered for booking, cancelling or as a new start,
// the "before" evaluation would still be taken the day after a run started, and a follow-up would fall
// due an hour late.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { form } from "./support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

const path = "/programmes/research-in-practice/courses/rip-law";
const params = { courseId: "rip-law" };
type Learner = "practitioner" | "asye" | "ld";
type Runs = { runs: { id: string; venue: string; bookable: boolean; cancel: string | null }[] };

const course = () => import("../routes/courses.$courseId");
const post = async (who: Learner, fields: Record<string, string>) => run((await course()).action, await requestAs(who, path, form(fields)), params);
const runOn = async (who: Learner, venue: string) => ((await run((await course()).loader, await requestAs(who, path), params)).data as Runs).runs.find((r) => r.venue === venue);
const at = (instant: string) => vi.useFakeTimers({ toFake: ["Date"], now: new Date(instant) });
const tailored = (venue: string, startsOn: string) => ({ intent: "tailored", name: `Law: ${venue}`, startsOn, endsOn: startsOn, venue, capacity: "5", managerApproval: "no" });

async function statusesOn(runId: string) {
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  const rows = await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohort_id).orderBy("id").execute();
  return rows.map((r) => r.status);
}

describe("London's today for a run's first day", () => {
  it("refuses a council-only run starting on London's today just after midnight in summer, and takes tomorrow", async () => {
    at("2026-07-01T23:30:00Z"); // 00:30 on 2 July in London
    const today = await post("ld", tailored("Today room", "2026-07-02"));
    expect(today.status).toBe(400);
    expect((today.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ startsOn: ["course.errors.past"] });
    expect((await post("ld", tailored("Tomorrow room", "2026-07-03"))).headers.get("Location")).toMatch(/saved=tailored$/);
  });

  it("stops offering and refuses a cancel or a booking on a run starting on London's today just after midnight in summer", async () => {
    at("2026-06-20T12:00:00Z");
    await post("ld", tailored("First-day room", "2026-07-02"));
    const { id } = (await runOn("asye", "First-day room"))!;
    expect((await post("asye", { run: id })).headers.get("Location")).toMatch(/saved=enrolled$/);

    at("2026-07-01T22:30:00Z"); // 23:30 on 1 July in London: the day before, still open.
    expect(await runOn("asye", "First-day room")).toMatchObject({ cancel: "enrolled" });
    expect(await runOn("practitioner", "First-day room")).toMatchObject({ bookable: true });

    at("2026-07-01T23:30:00Z"); // 00:30 on 2 July in London: the run's first day.
    // It has started: the course page offers it no longer, and L&D find it among the runs that have started.
    expect(await runOn("asye", "First-day room")).toBeUndefined();
    expect(await runOn("practitioner", "First-day room")).toBeUndefined();
    const started = ((await run((await course()).loader, await requestAs("ld", path), params)).data as { started: { rows: { id: string }[] } }).started;
    expect(started.rows.map((r) => r.id)).toContain(id);
    // The learner still finds their place: their bookings on the programme's page keep it, whatever its date.
    const home = ((await run((await import("../routes/index")).loader, await requestAs("asye", "/programmes/research-in-practice"))).data as { bookings: { courseId: string; date: string; status: string }[] }).bookings;
    expect(home).toContainEqual(expect.objectContaining({ courseId: "rip-law", date: "2 July 2026", status: "enrolled" }));
    const cancelled = await post("asye", { intent: "withdraw", run: id });
    expect(cancelled.status).toBe(400);
    expect(cancelled.data).toEqual({ intent: "withdraw", error: "course.errors.notWithdrawable" });
    const booked = await post("practitioner", { run: id });
    expect(booked.status).toBe(400);
    expect(booked.data).toEqual({ intent: "book", error: "course.errors.notBookable" });
    expect(await statusesOn(id)).toEqual(["enrolled"]);
  });
});

describe("London's today for evaluations", () => {
  type Stage = { stage: string | null; objectives: string[] };
  type Home = { bookings: { id: number; due: string | null }[] };
  type Widgets = { widgets: { id: string; rows?: { href?: string }[] }[] };
  const evaluation = () => import("../routes/evaluations.$enrolmentId");
  const evaluationPath = (enrolmentId: number) => `/programmes/research-in-practice/evaluations/${enrolmentId}`;
  const stageOf = async (enrolmentId: number) => (await run((await evaluation()).loader, await requestAs("practitioner", evaluationPath(enrolmentId)), { enrolmentId: String(enrolmentId) })).data as Stage;
  const answer = async (enrolmentId: number, fields: Record<string, string>) => run((await evaluation()).action, await requestAs("practitioner", evaluationPath(enrolmentId), form(fields)), { enrolmentId: String(enrolmentId) });
  const dueOnHome = async (enrolmentId: number) => ((await run((await import("../routes/index")).loader, await requestAs("practitioner", "/programmes/research-in-practice"))).data as Home).bookings.find((b) => b.id === enrolmentId)?.due;
  const remindedOnMe = async (enrolmentId: number) => {
    const { widgets } = (await run(me.loader, await requestAs("practitioner", "/me"))).data as Widgets;
    const rows = widgets.find((w) => w.id === "research-in-practice-reminders")?.rows ?? [];
    return rows.some((r) => r.href === evaluationPath(enrolmentId));
  };
  const sameRatingFor = (objectives: string[]) => Object.fromEntries(objectives.map((_, i) => [`o${i}`, "3"]));
  const evaluationOf = (enrolmentId: number) => ripDb().selectFrom("research_in_practice_evaluations").selectAll().where("enrolment_id", "=", enrolmentId).executeTakeFirst();

  /** Books the practitioner onto a new council-only run of one day, answering the enrolment's id. */
  async function bookedOn(venue: string, day: string) {
    await post("ld", tailored(venue, day));
    const { id } = (await runOn("practitioner", venue))!;
    expect((await post("practitioner", { run: id })).headers.get("Location")).toMatch(/saved=enrolled$/);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", id).executeTakeFirstOrThrow();
    const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    return { runId: id, enrolmentId: enrolment.id };
  }

  it("stops asking for and refuses the \"before\" answers the day after a run started, just after midnight in summer", async () => {
    at("2026-06-20T12:00:00Z");
    const { enrolmentId } = await bookedOn("Before room", "2026-07-01");

    at("2026-07-01T22:30:00Z"); // 23:30 on 1 July in London: the run's first day, still in time.
    expect((await stageOf(enrolmentId)).stage).toBe("before");

    at("2026-07-01T23:30:00Z"); // 00:30 on 2 July in London: the day after.
    const { stage, objectives } = await stageOf(enrolmentId);
    expect(stage).toBeNull();
    expect(await dueOnHome(enrolmentId)).toBeNull();
    expect(await remindedOnMe(enrolmentId)).toBe(false);
    const sent = await answer(enrolmentId, { stage: "before", ...sameRatingFor(objectives) });
    expect(sent.status).toBe(409);
    expect((sent.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["evaluation.errors.closed.started"] });
    expect(await evaluationOf(enrolmentId)).toBeUndefined();
  });

  it("asks for and takes the follow-up from its first day in London, just after midnight in summer", async () => {
    at("2026-03-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Follow-up room", "2026-04-02");
    at("2026-04-02T15:00:00Z"); // L&D record completion on the day, once the run has begun.
    const completed = await run((await import("../routes/runs.$runId")).action, await requestAs("ld", `/programmes/research-in-practice/runs/${runId}`, form([["learner", String(enrolmentId)]])), { runId });
    expect(completed.data).toMatchObject({ completed: 1 });
    const { objectives } = await stageOf(enrolmentId);
    expect((await answer(enrolmentId, { stage: "after", ...sameRatingFor(objectives), differently: "Check the threshold first." })).status).toBe(303);

    at("2026-07-01T22:30:00Z"); // 23:30 on 1 July in London: three months after 2 April is tomorrow.
    expect((await stageOf(enrolmentId)).stage).toBeNull();

    at("2026-07-01T23:30:00Z"); // 00:30 on 2 July in London: the follow-up is due.
    expect((await stageOf(enrolmentId)).stage).toBe("followup");
    expect(await dueOnHome(enrolmentId)).toBe("followup");
    expect(await remindedOnMe(enrolmentId)).toBe(true);
    const sent = await answer(enrolmentId, { stage: "followup", changed: "no" });
    expect(sent.headers.get("Location")).toBe("/programmes/research-in-practice?evaluated=1");
    expect(await evaluationOf(enrolmentId)).toMatchObject({ followup_changed: "no" });
  });
});
