// Completion is recorded once a run has been held: from the moment its session begins (09:30 London time on
// its first day), and never on a run the provider has withdrawn. Before that the run's page offers no boxes
// and says when completion opens or why it never will, and a form sent anyway is refused at the field,
// storing nothing: no attendance, no completed place, no CPD entry dated ahead, no evidence offer.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { countRows, personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { heldOn, yesterday } from "./held-runs";
import { form } from "./support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

type Reply = { reply: { error: Record<string, string[]> } };
type Page = { closed: string | null; learners: { id: number; status: string }[] };

const BASE = "/programmes/research-in-practice";
const at = (instant: string) => vi.useFakeTimers({ toFake: ["Date"], now: new Date(instant) });
const course = () => import("../routes/courses.$courseId");
const runPage = () => import("../routes/runs.$runId");

/** Books asye a place on the run through the course page; answers the place's id. */
async function asyeBookedOn(courseId: string, runId: string) {
  expect((await run((await course()).action, await requestAs("asye", `${BASE}/courses/${courseId}`, form({ run: runId })), { courseId })).status).toBe(303);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  return (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("asye")).executeTakeFirstOrThrow()).id;
}

const pageOf = async (runId: string, lng?: "cy") => (await run((await runPage()).loader, await requestAs("ld", `${BASE}/runs/${runId}${lng ? `?lng=${lng}` : ""}`), { runId })).data as Page;
const complete = async (runId: string, place: number) => run((await runPage()).action, await requestAs("ld", `${BASE}/runs/${runId}`, form([["learner", String(place)]])), { runId });

/** Everything a completion of the place would store. */
async function storedFor(place: number) {
  const ref = `enrolment:${place}`;
  return {
    status: (await db().selectFrom("enrolments").select("status").where("id", "=", place).executeTakeFirstOrThrow()).status,
    attendance: await db().selectFrom("attendance").select("status").where("enrolment_id", "=", place).execute(),
    cpd: await db().selectFrom("cpd_entries").select("id").where("source_ref", "=", ref).execute(),
    offers: await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", ref).execute(),
    audit: await countRows("audit_events"),
  };
}

/** Sends the completion of the place and expects it refused at the field for `reason`, storing nothing. */
async function expectRefused(runId: string, place: number, reason: string) {
  const before = await storedFor(place);
  expect(before).toMatchObject({ status: "enrolled", attendance: [], cpd: [], offers: [] });
  const refused = await complete(runId, place);
  expect(refused.status).toBe(409);
  expect((refused.data as Reply).reply.error).toEqual({ learner: [reason] });
  expect(await storedFor(place)).toEqual(before);
  return refused.data;
}

describe("completion on a run to come", () => {
  it("offers no boxes, says when completion opens, and refuses a completion sent anyway at the field, storing nothing", async () => {
    const place = await asyeBookedOn("rip-voice", "voice-next");
    const page = await pageOf("voice-next");
    expect(page.learners).toContainEqual(expect.objectContaining({ id: place, status: "enrolled" }));
    expect(page.closed).toMatch(/^Completion can be recorded once the run starts, from \d{1,2} \w+ \d{4}, 09:30\.$/);
    expect((await pageOf("voice-next", "cy")).closed).toMatch(/^Gellir cofnodi cwblhau unwaith y bydd y cyflwyniad yn dechrau, o \d{1,2} \w+ \d{4}, 09:30 ymlaen\.$/);
    const html = await renderedAfterPost((await runPage()).default, page, null);
    expect(html).not.toContain('name="learner" type="checkbox"');
    expect(html).not.toContain("Record completion");

    const refused = await expectRefused("voice-next", place, "run.errors.notStarted");
    // The error is at the field and in the summary, in words.
    const after = await renderedAfterPost((await runPage()).default, await pageOf("voice-next"), refused);
    expect(after.match(/You cannot record completion before the run starts/g)).toHaveLength(2);
  });

  it("opens completion when the run's session begins on its first day, not at London's midnight", async () => {
    at("2026-06-20T12:00:00Z");
    const path = `${BASE}/courses/rip-law`;
    const made = await run((await course()).action, await requestAs("ld", path, form({ intent: "tailored", name: "Law: first morning", startsOn: "2026-07-02", endsOn: "2026-07-02", venue: "First morning room", capacity: "5", managerApproval: "no" })), { courseId: "rip-law" });
    expect(made.status).toBe(303);
    const runs = ((await run((await course()).loader, await requestAs("asye", path), { courseId: "rip-law" })).data as { runs: { id: string; venue: string }[] }).runs;
    const runId = runs.find((r) => r.venue === "First morning room")!.id;
    const place = await asyeBookedOn("rip-law", runId);

    at("2026-07-01T23:30:00Z"); // 00:30 on 2 July in London: the run's first day, before it begins.
    expect((await pageOf(runId)).closed).toBe("Completion can be recorded once the run starts, from 2 Jul 2026, 09:30.");
    expect((await pageOf(runId, "cy")).closed).toBe("Gellir cofnodi cwblhau unwaith y bydd y cyflwyniad yn dechrau, o 2 Gorff 2026, 09:30 ymlaen.");
    await expectRefused(runId, place, "run.errors.notStarted");

    at("2026-07-02T08:30:00Z"); // 09:30 in London: the session begins.
    const open = await pageOf(runId);
    expect(open.closed).toBeNull();
    expect(await renderedAfterPost((await runPage()).default, open, null)).toContain(`id="learner-${place}" name="learner" type="checkbox"`);
    expect((await complete(runId, place)).data).toMatchObject({ completed: 1 });
    expect(await storedFor(place)).toMatchObject({ status: "completed", attendance: [{ status: "present" }], cpd: [expect.anything()] });
  });
});

describe("completion on a run the provider has withdrawn", () => {
  it("offers no boxes, says why, and refuses a completion sent anyway at the field, storing nothing, though the run's day has passed", async () => {
    const place = await asyeBookedOn("rip-law", "law-next");
    await heldOn("law-next", yesterday());
    await ripDb().updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "=", "law-next").execute();

    const page = await pageOf("law-next");
    expect(page.closed).toBe("Research in Practice has withdrawn this run, so completion cannot be recorded on it.");
    expect((await pageOf("law-next", "cy")).closed).toBe("Mae Research in Practice wedi tynnu'r cyflwyniad hwn yn ôl, felly ni ellir cofnodi cwblhau arno.");
    expect(await renderedAfterPost((await runPage()).default, page, null)).not.toContain('name="learner" type="checkbox"');

    const refused = await expectRefused("law-next", place, "run.errors.runWithdrawn");
    const after = await renderedAfterPost((await runPage()).default, page, refused, "en-GB");
    expect(after.match(/You cannot record completion: Research in Practice has withdrawn this run/g)).toHaveLength(2);
  });
});

describe("completion on a run whose session was cancelled", () => {
  it("says so on its page and refuses a completion sent anyway at the field, storing nothing", async () => {
    const place = await asyeBookedOn("rip-adolescents", "adolescents-next");
    await heldOn("adolescents-next", yesterday());
    const { session_id } = await ripDb().selectFrom("research_in_practice_runs").select("session_id").where("id", "=", "adolescents-next").executeTakeFirstOrThrow();
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", session_id).execute();

    expect((await pageOf("adolescents-next")).closed).toBe("This run's session was cancelled, so completion cannot be recorded on it.");
    expect((await pageOf("adolescents-next", "cy")).closed).toBe("Cafodd sesiwn y cyflwyniad hwn ei chanslo, felly ni ellir cofnodi cwblhau arno.");
    await expectRefused("adolescents-next", place, "run.errors.cancelled");
  });
});
