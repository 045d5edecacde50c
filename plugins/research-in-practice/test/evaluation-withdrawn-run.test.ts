// A booked learner keeps their place when the provider withdraws the run (a reinstated run still holds
// it), but the run will not take place: nothing is due before it, on /me or the plugin's home page, and
// before-course answers sent anyway are refused with the reason, in English and Welsh, storing nothing.
// Offered again, the run asks again. Through the real sync (msw standing in for the provider) and routes.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { auditedFor, evaluation, evaluationPath, send, type Sent } from "./evaluation-support";
import { course, serve, sync } from "./feed-support";
import { book } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const RUN = { id: "called-off-run", startsOn: "2031-09-01", endsOn: "2031-09-01", venue: "Civic Offices", capacity: 5, managerApproval: false };
const offered = (modified: string, withdrawn: boolean) => course("called-off", modified, { title: "Called-off course", withdrawn, runs: [RUN] });

let enrolmentId: number;

/** What the practitioner is asked to answer for this place: on /me, on the plugin's home page, and on the evaluation page. */
async function dueFor(place: number) {
  const widgets = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { widgets: { id: string; rows?: { href?: string }[] }[] }).widgets;
  const onMe = (widgets.find((w) => w.id === "research-in-practice-reminders")?.rows ?? []).some((row) => row.href === evaluationPath(place));
  const home = await import("../routes/index");
  const bookings = ((await run(home.loader, await requestAs("practitioner", "/programmes/research-in-practice"))).data as { bookings: { id: number; due: string | null }[] }).bookings;
  const { stage, runWithdrawn } = (await run((await evaluation()).loader, await requestAs("practitioner", evaluationPath(place)), { enrolmentId: String(place) })).data as { stage: string | null; runWithdrawn: boolean };
  return { onMe, home: bookings.find((b) => b.id === place)?.due, page: { stage, runWithdrawn } };
}

const storedFor = (place: number) => ripDb().selectFrom("research_in_practice_evaluations").selectAll().where("enrolment_id", "=", place).executeTakeFirst();

describe("a booked learner on a run the provider withdrew", () => {
  beforeAll(async () => {
    serve([[offered("2031-01-01T00:00:00Z", false)]]);
    await sync();
    expect((await book("practitioner", "called-off", RUN.id)).status).toBe(303);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN.id).executeTakeFirstOrThrow();
    enrolmentId = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).where("status", "=", "enrolled").executeTakeFirstOrThrow()).id;
    expect(await dueFor(enrolmentId)).toEqual({ onMe: true, home: "before", page: { stage: "before", runWithdrawn: false } });
    serve([[offered("2031-01-02T00:00:00Z", true)]]);
    await sync();
  });

  it("is asked nothing on /me, the plugin's home page or the evaluation page, which says why", async () => {
    expect(await dueFor(enrolmentId)).toEqual({ onMe: false, home: null, page: { stage: null, runWithdrawn: true } });
  });

  it("has before-course answers sent anyway refused with the reason, storing nothing and auditing nothing", async () => {
    const answers = { stage: "before", o0: "3", o1: "4" };
    const sent = await send(enrolmentId, answers);
    expect(sent.status).toBe(409);
    const { reply, stage, refused } = sent.data as Sent;
    expect(reply.error).toEqual({ "": ["evaluation.errors.closed.runWithdrawn"] });
    expect({ stage, refused, answers: reply.initialValue }).toEqual({ stage: "before", refused: true, answers });
    expect(await storedFor(enrolmentId)).toBeUndefined();
    expect(await auditedFor(enrolmentId)).toEqual([]);
  });

  it("words the refusal in English and Welsh", () => {
    const en = fixedT("en-GB", "research-in-practice")("evaluation.errors.closed.runWithdrawn");
    const cy = fixedT("cy", "research-in-practice")("evaluation.errors.closed.runWithdrawn");
    expect(en).toBe("Research in Practice has withdrawn this run, so your answers below have not been saved");
    expect(cy).toBe("Mae Research in Practice wedi tynnu'r cyflwyniad hwn yn ôl, felly nid yw eich atebion isod wedi'u cadw");
  });

  it("is asked again before the course once the provider offers the run again, and the answers are stored", async () => {
    serve([[offered("2031-01-03T00:00:00Z", false)]]);
    await sync();
    expect(await dueFor(enrolmentId)).toEqual({ onMe: true, home: "before", page: { stage: "before", runWithdrawn: false } });
    expect((await send(enrolmentId, { stage: "before", o0: "3", o1: "4" })).status).toBe(303);
    expect(await storedFor(enrolmentId)).toMatchObject({ before_json: "[3,4]" });
    expect(await auditedFor(enrolmentId)).toEqual(["research-in-practice.evaluation.before"]);
  });
});
