// L&D withdrawing one learner from a run reads that learner's place alone, never the run's whole list: a
// national run has hundreds on it. Through the real action, every statement seen.
import { beforeAll, describe, expect, it } from "vitest";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { course, serve, statementsOf, sync } from "./feed-support";
import { form } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const asSystem = { userId: null, personId: null };
const RUN = { id: "crowded-run", startsOn: "2031-11-03", endsOn: "2031-11-03", venue: "Crowded room", capacity: 30, managerApproval: false };

/**
 * The statements that read the run's places by its cohort without naming the one place they want (`"id" = ?`)
 * or reading a bounded few (a limit, a count): a read of its whole list.
 */
const wholeListReads = (statements: string[]) =>
  statements.filter((sql) => /^select/i.test(sql.trim()) && /from "enrolments"/i.test(sql) && /"cohort_id" = \?/.test(sql) && !/"id" = \?/.test(sql) && !/\blimit\b|count\(/i.test(sql));

describe("withdrawing or cancelling one place on a crowded run", () => {
  let cohortId: number;
  let places: { id: number; person_id: number }[];

  beforeAll(async () => {
    serve([[course("crowded", "2031-04-01T00:00:00Z", { title: "Crowded course", runs: [RUN] })]]);
    await sync();
    cohortId = (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN.id).executeTakeFirstOrThrow()).cohort_id;
    const ld = await personIdOf("ld");
    for (const { id } of await db().selectFrom("people").select("id").where("id", "<>", ld).orderBy("id").limit(20).execute()) {
      expect((await requestPlace({ cohortId, personId: id, actor: asSystem, direct: true })).ok).toBe(true);
    }
    places = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
  });

  it("reads only the withdrawn learner's place when L&D withdraw them", async () => {
    const page = await import("../routes/runs.$runId");
    const path = `/programmes/research-in-practice/runs/${RUN.id}`;
    const request = await requestAs("ld", path, form({ intent: "withdraw", learner: String(places[3].id) }));
    let answer: Awaited<ReturnType<typeof run>> | undefined;
    const statements = await statementsOf(async () => (answer = await run(page.action, request, { runId: RUN.id })));
    expect(answer?.status).toBe(303);
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", places[3].id).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    expect(wholeListReads(statements)).toEqual([]);
  });

  it("still refuses a place on another run, or a value that is no place at all", async () => {
    const page = await import("../routes/runs.$runId");
    const path = `/programmes/research-in-practice/runs/${RUN.id}`;
    const elsewhere = await db().selectFrom("enrolments").select("id").where("cohort_id", "<>", cohortId).executeTakeFirstOrThrow();
    for (const learner of [String(elsewhere.id), "not-a-number", "99999999999", "-1", "1.5"]) {
      const refused = await run(page.action, await requestAs("ld", path, form({ intent: "withdraw", learner })), { runId: RUN.id });
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ intent: "withdraw", error: "run.errors.notWithdrawable" });
    }
  });
});
