// An evaluation form carries the stage it showed. A learner may keep the page open while the course starts
// or L&D record completion, so the answers are stored as that stage's, or refused with the reason and the
// answers carried back: never silently dropped, and never stored as another stage's answers.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { at, auditedFor, bookedOn, evaluation, evaluationPath, recordCompletion, send, type Sent } from "./evaluation-support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

const stageOf = async (enrolmentId: number) => ((await run((await evaluation()).loader, await requestAs("practitioner", evaluationPath(enrolmentId)), { enrolmentId: String(enrolmentId) })).data as { stage: string | null }).stage;
const storedFor = (enrolmentId: number) => ripDb().selectFrom("research_in_practice_evaluations").select(["before_json", "after_json", "will_do_differently"]).where("enrolment_id", "=", enrolmentId).executeTakeFirst();

describe("an evaluation sent after its stage moved on", () => {
  it("refuses a before-course form sent after the course's first day, once L&D have recorded completion, saying why and keeping the answers", async () => {
    at("2026-06-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Stage room, next day", "2026-07-01");
    at("2026-07-01T08:00:00Z"); // The learner opens the before-course form on the course's first day...
    expect(await stageOf(enrolmentId)).toBe("before");
    at("2026-07-02T09:00:00Z"); // ...L&D record completion the day after, and only then is the form sent.
    await recordCompletion(runId, enrolmentId);
    const beforeAnswers = { stage: "before", o0: "2", o1: "3" };

    const sent = await send(enrolmentId, beforeAnswers);
    expect(sent.status).toBe(409);
    const { reply, stage, refused } = sent.data as Sent;
    expect(reply.error).toEqual({ "": ["evaluation.errors.closed.started"] });
    // The page keeps showing the before-course form with what the learner chose, not the after-course one.
    expect({ stage, refused }).toEqual({ stage: "before", refused: true });
    expect(reply.initialValue).toEqual(beforeAnswers);
    expect(await storedFor(enrolmentId)).toBeUndefined();
    expect(await auditedFor(enrolmentId)).toEqual([]);

    // The after-course questions are due, and their own form is stored as after-course answers.
    expect(await stageOf(enrolmentId)).toBe("after");
    expect((await send(enrolmentId, { stage: "after", o0: "4", o1: "4", differently: "Cite the Act." })).status).toBe(303);
    expect(await storedFor(enrolmentId)).toEqual({ before_json: null, after_json: "[4,4]", will_do_differently: "Cite the Act." });
  });

  it("stores a before-course form sent on the course's first day after L&D recorded completion as before-course answers, then asks for the after-course ones", async () => {
    at("2026-06-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Stage room, same day", "2026-07-01");
    at("2026-07-01T08:00:00Z");
    expect(await stageOf(enrolmentId)).toBe("before");
    at("2026-07-01T15:00:00Z"); // Completion is recorded that afternoon, while the form is open.
    await recordCompletion(runId, enrolmentId);

    const sent = await send(enrolmentId, { stage: "before", o0: "2", o1: "3" });
    expect(sent.status).toBe(303);
    expect(sent.headers.get("Location")).toBe("/programmes/research-in-practice?evaluated=1");
    expect(await storedFor(enrolmentId)).toEqual({ before_json: "[2,3]", after_json: null, will_do_differently: null });
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.before"]);
    expect(await stageOf(enrolmentId)).toBe("after");
  });

  it("refuses an after-course form sent a second time, or one that does not say its stage, keeping the answers already stored", async () => {
    at("2026-06-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Stage room, twice", "2026-07-01");
    at("2026-07-02T09:00:00Z");
    await recordCompletion(runId, enrolmentId);
    expect((await send(enrolmentId, { stage: "after", o0: "4", o1: "5", differently: "Write to the standard." })).status).toBe(303);
    const first = await storedFor(enrolmentId);

    // The same form open in a second tab, and a form from a page that did not say its stage.
    const sentAgain: Record<string, string>[] = [{ stage: "after", o0: "1", o1: "1", differently: "Something else." }, { o0: "1", o1: "1", differently: "Something else." }];
    for (const fields of sentAgain) {
      const again = await send(enrolmentId, fields);
      expect(again.status).toBe(409);
      expect((again.data as Sent).reply.error).toEqual({ "": ["evaluation.errors.closed.notDue"] });
      expect((again.data as Sent).reply.initialValue).toEqual(fields);
    }
    expect(await storedFor(enrolmentId)).toEqual(first);
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.after"]);
  });

  it("words both refusals in English and Welsh", async () => {
    const en = (await import("../locales/en-GB.json")).default.evaluation.errors.closed;
    const cy = (await import("../locales/cy.json")).default.evaluation.errors.closed;
    expect(Object.keys(cy)).toEqual(Object.keys(en));
    expect(en.started).toMatch(/closed when it started/);
    for (const key of ["started", "notDue"] as const) expect(cy[key]).not.toBe(en[key]);
  });
});
