// L&D recording completion for a few learners on a crowded run reads those learners' places alone (by their
// ids, a bounded number a statement), never the run's whole list: a national run has hundreds on it. Through
// the real action, every statement the plugin runs seen. The core's register, which the completion calls to
// mark the learners present, is left out of the watch: it is the core's own read, not the plugin's.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { statementsSeenWhile } from "../../../tests/support/watch-statements";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { form, type Errors } from "./support";

/** Whether the statements seen now are the plugin's (false while the core's register runs). */
const watch = vi.hoisted(() => ({ plugin: true }));

vi.mock("../../../app/services/attendance.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../app/services/attendance.server")>();
  return {
    ...real,
    saveRegister: async (...args: Parameters<typeof real.saveRegister>) => {
      watch.plugin = false;
      try {
        return await real.saveRegister(...args);
      } finally {
        watch.plugin = true;
      }
    },
  };
});

beforeAll(seedDemo);

/** The plugin's statements while `work` runs. */
const pluginStatementsOf = (work: () => Promise<unknown>) => statementsSeenWhile(work, { watching: () => watch.plugin });

/**
 * The statements that read the run's places by its cohort without naming the places they want (`"id" = ?` or
 * `"id" in (...)`) or reading a bounded few (a limit, a count): a read of its whole list.
 */
const wholeListReads = (statements: string[]) =>
  statements.filter((sql) => /^select/i.test(sql.trim()) && /from "enrolments"/i.test(sql) && /"cohort_id" = \?/.test(sql) && !/"id" (= \?|in \()/.test(sql) && !/\blimit\b|count\(/i.test(sql));

describe("completing a few learners on a crowded run", () => {
  let runId: string;
  let places: { id: number; person_id: number }[];
  let path: string;

  beforeAll(async () => {
    const voice = (await courseById("rip-voice"))!;
    // Held in the past, so completion is open; the service makes a run of any date, unlike the page's form.
    runId = await createTailoredRun(voice, { name: "Voice: crowded", startsOn: "2025-06-02", endsOn: "2025-06-02", venue: "Crowded hall", capacity: 30, managerApproval: false }, SYSTEM_ACTOR);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
    // L&D hold a place too, so the refusal of their own completion has something to refuse.
    const ld = await personIdOf("ld");
    const people = [{ id: ld }, ...(await db().selectFrom("people").select("id").where("id", "<>", ld).orderBy("id").limit(19).execute())];
    for (const { id } of people) expect((await requestPlace({ cohortId: cohort_id, personId: id, actor: SYSTEM_ACTOR, direct: true })).ok).toBe(true);
    places = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", cohort_id).orderBy("id").execute();
    path = `/programmes/research-in-practice/runs/${runId}`;
  });

  const complete = async (learners: string[]) => {
    const page = await import("../routes/runs.$runId");
    return run(page.action, await requestAs("ld", path, form(learners.map((l) => ["learner", l]))), { runId });
  };

  it("reads only the chosen learners' places", async () => {
    const ld = await personIdOf("ld");
    const chosen = places.filter((p) => p.person_id !== ld).slice(0, 3);
    let answer: Awaited<ReturnType<typeof run>> | undefined;
    const statements = await pluginStatementsOf(async () => (answer = await complete(chosen.map((p) => String(p.id)))));
    expect(answer?.data).toMatchObject({ completed: 3 });
    expect(statements.some((sql) => /from "enrolments"/i.test(sql))).toBe(true);
    expect(wholeListReads(statements)).toEqual([]);
    const statuses = await db().selectFrom("enrolments").select("status").where("id", "in", chosen.map((p) => p.id)).execute();
    expect(statuses.map((s) => s.status)).toEqual(["completed", "completed", "completed"]);
  });

  it("still refuses L&D's own place, a place on another run, and ids that are no place at all, recording nothing", async () => {
    const ld = await personIdOf("ld");
    const own = places.find((p) => p.person_id === ld)!;
    const other = places.filter((p) => p.person_id !== ld).at(-1)!;
    const elsewhere = await db().selectFrom("enrolments").select("id").where("id", "not in", places.map((p) => p.id)).executeTakeFirstOrThrow();
    const auditBefore = Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

    for (const ticked of [[own.id], [own.id, other.id]]) {
      const refused = await complete(ticked.map(String));
      expect(refused.status).toBe(400);
      expect((refused.data as { reply: Errors }).reply.error).toEqual({ learner: ["run.errors.own"] });
    }
    for (const ticked of [[String(elsewhere.id)], ["99999999999"], ["-1"], ["0"]]) {
      const refused = await complete(ticked);
      expect(refused.status).toBe(400);
      expect((refused.data as { reply: Errors }).reply.error).toEqual({ learner: ["run.errors.learner"] });
    }
    const auditAfter = Number((await db().selectFrom("audit_events").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
    expect(auditAfter).toBe(auditBefore);
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", other.id).executeTakeFirstOrThrow()).status).toBe("enrolled");
  });
});
