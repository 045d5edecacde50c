// A run's completion reads its roster under the cohort's lock, where a colleague's withdrawal also runs, and
// completes only places still booked. Here a colleague withdraws a learner at the latest moment that could
// reach a completion that read its roster first: just after the read, before anything is written (the
// core's register is wrapped to let the withdrawal in there, in the completion's own transaction). The
// withdrawn place must stay withdrawn, with nothing of a completion stored for it.
import type { Kysely } from "kysely";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { withdrawUnderLock } from "../../../app/services/enrolment.server";
import { db, type Database } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { heldOn, yesterday } from "./held-runs";
import { form } from "./support";

/** What happens between the completion reading its roster and writing its register; once. */
const race = vi.hoisted(() => ({ beforeRegister: undefined as ((trx: Kysely<Database>) => Promise<void>) | undefined }));

vi.mock("../../../app/services/attendance.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../../app/services/attendance.server")>();
  return {
    ...real,
    saveRegister: async (...args: Parameters<typeof real.saveRegister>) => {
      const meanwhile = race.beforeRegister;
      race.beforeRegister = undefined;
      if (meanwhile) await meanwhile(args[4]!);
      return real.saveRegister(...args);
    },
  };
});

beforeAll(seedDemo);

const BASE = "/programmes/research-in-practice";

describe("a learner withdrawn while their run's completion is recorded", () => {
  it("stays withdrawn, with no attendance, CPD entry, evidence offer or completion event, and the others ticked are completed", async () => {
    const path = `${BASE}/courses/rip-analysis`;
    const course = await import("../routes/courses.$courseId");
    for (const who of ["asye", "practitioner"] as const) expect((await run(course.action, await requestAs(who, path, form({ run: "analysis-next" })), { courseId: "rip-analysis" })).status).toBe(303);
    await heldOn("analysis-next", yesterday());
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "analysis-next").executeTakeFirstOrThrow();
    const placeOf = async (who: "asye" | "practitioner") => (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf(who)).executeTakeFirstOrThrow()).id;
    const [withdrawn, kept] = [await placeOf("asye"), await placeOf("practitioner")];

    // L&D open the run's page, where both are booked and offered a box...
    const page = await import("../routes/runs.$runId");
    const runPath = `${BASE}/runs/analysis-next`;
    const learners = ((await run(page.loader, await requestAs("ld", runPath), { runId: "analysis-next" })).data as { closed: string | null; learners: { id: number; status: string }[] }).learners;
    expect(learners.filter((l) => l.status === "enrolled").map((l) => l.id)).toEqual(expect.arrayContaining([withdrawn, kept]));

    // ...and an admin withdraws asye as the completion of both is sent, through the core's withdrawal (as the
    // run's page does it: nobody promoted on a run that has started).
    const admin = { userId: await userIdOf("admin"), personId: await personIdOf("admin") };
    let withdrawal: Awaited<ReturnType<typeof withdrawUnderLock>> | undefined;
    race.beforeRegister = async (trx) => {
      withdrawal = await withdrawUnderLock(trx, withdrawn, null, admin, { promote: false });
    };
    const done = await run(page.action, await requestAs("ld", runPath, form([["learner", String(withdrawn)], ["learner", String(kept)]])), { runId: "analysis-next" });
    expect(race.beforeRegister).toBeUndefined();
    expect(withdrawal).toMatchObject({ ok: true });
    expect(done.data).toMatchObject({ completed: 1 });

    const stored = async (place: number) => ({
      status: (await db().selectFrom("enrolments").select("status").where("id", "=", place).executeTakeFirstOrThrow()).status,
      attendance: (await db().selectFrom("attendance").select("status").where("enrolment_id", "=", place).execute()).map((a) => a.status),
      cpd: (await db().selectFrom("cpd_entries").select("id").where("source_ref", "=", `enrolment:${place}`).execute()).length,
      offers: (await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", `enrolment:${place}`).execute()).length,
      events: (await db().selectFrom("audit_events").select("action").where("subject_type", "=", "enrolment").where("subject_id", "=", String(place)).orderBy("id").execute()).map((e) => e.action).filter((a) => a !== "enrolment.requested" && a !== "enrolment.enrolled"),
    });
    expect(await stored(withdrawn)).toEqual({ status: "withdrawn", attendance: [], cpd: 0, offers: 0, events: ["enrolment.withdrawn"] });
    expect(await stored(kept)).toEqual({ status: "completed", attendance: ["present"], cpd: 1, offers: 2, events: ["research-in-practice.completed"] });
  });
});
