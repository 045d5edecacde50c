// The same evaluation form sent twice at once (two tabs, a double click without JavaScript): both pass the
// check that the stage is still due, read before either is stored. The first's answers stand; the second
// is refused as already answered, storing nothing and recording no second event. Through the real routes,
// the second sent at the one moment the check can be beaten: just after it read the evaluation.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { seedDemo } from "../../../tests/support/fixtures";
import { ripDb } from "../server/db.server";
import { at, auditedFor, bookedOn, recordCompletion, send, type Sent } from "./evaluation-support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

/** The read of the evaluation the action checks the stage against. */
const EVALUATION_READ = /left join "research_in_practice_evaluations" as "ev"/;

const storedFor = (enrolmentId: number) =>
  ripDb().selectFrom("research_in_practice_evaluations").select(["before_json", "after_json", "will_do_differently", "followup_changed", "followup_example"]).where("enrolment_id", "=", enrolmentId).executeTakeFirst();

/**
 * Sends `first` and `second` as two tabs would: the second read the evaluation, found the stage due, and
 * the first was stored before it went on. Answers the second's reply, the first having been stored.
 */
async function sentTwiceAtOnce(enrolmentId: number, first: Record<string, string>, second: Record<string, string>) {
  const firstSent = async () => expect((await send(enrolmentId, first)).status).toBe(303);
  return whenFirstRead(EVALUATION_READ, firstSent, () => send(enrolmentId, second));
}

function expectRefusedAsAnswered(answer: Awaited<ReturnType<typeof send>>, stage: string, fields: Record<string, string>) {
  expect(answer.status).toBe(409);
  const { reply, refused } = answer.data as Sent;
  expect(reply.error).toEqual({ "": ["evaluation.errors.closed.notDue"] });
  // The refused answers stay on the page, on the form that was sent.
  expect({ initialValue: reply.initialValue, stage: (answer.data as Sent).stage, refused }).toEqual({ initialValue: fields, stage, refused: true });
}

describe("an evaluation sent twice at once", () => {
  it("keeps the first before-course answers, refuses the second as already answered and records one event", async () => {
    at("2026-06-20T12:00:00Z");
    const { enrolmentId } = await bookedOn("Twice room, before", "2026-07-01");
    const second = { stage: "before", o0: "1", o1: "1" };

    const answer = await sentTwiceAtOnce(enrolmentId, { stage: "before", o0: "4", o1: "5" }, second);

    expectRefusedAsAnswered(answer, "before", second);
    expect(await storedFor(enrolmentId)).toEqual({ before_json: "[4,5]", after_json: null, will_do_differently: null, followup_changed: null, followup_example: null });
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.before"]);
  });

  it("keeps the first after-course and follow-up answers, refusing each second one, with one event a stage", async () => {
    at("2026-06-20T12:00:00Z");
    const { runId, enrolmentId } = await bookedOn("Twice room, after", "2026-07-01");
    at("2026-07-02T09:00:00Z");
    await recordCompletion(runId, enrolmentId);
    const secondAfter = { stage: "after", o0: "1", o1: "1", differently: "Something else." };
    expectRefusedAsAnswered(await sentTwiceAtOnce(enrolmentId, { stage: "after", o0: "4", o1: "4", differently: "Cite the Act." }, secondAfter), "after", secondAfter);

    at("2026-10-02T09:00:00Z"); // Three months on, the follow-up is due.
    const secondFollowUp = { stage: "followup", changed: "no" };
    expectRefusedAsAnswered(await sentTwiceAtOnce(enrolmentId, { stage: "followup", changed: "yes", example: "I now cite the Act in every report." }, secondFollowUp), "followup", secondFollowUp);

    expect(await storedFor(enrolmentId)).toEqual({ before_json: null, after_json: "[4,4]", will_do_differently: "Cite the Act.", followup_changed: "yes", followup_example: "I now cite the Act in every report." });
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.after", "research-in-practice.evaluation.followup"]);
  });
});
