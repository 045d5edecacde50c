// A run's completion gives its course's title, CPD hours and KSS statements as the course says when the
// completion is recorded: they are read under the cohort's lock with the roster, not taken from the run the
// page read first. Here the provider changes the course (its hours and statements) just after the run's
// page has read the run it completes (the read is wrapped to let the sync in at that moment).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { ripDb } from "../server/db.server";
import { sampleCourses } from "../server/sample-feed.server";
import { applyCourses, checkItems } from "../server/sync.server";
import { heldOn, yesterday } from "./held-runs";
import { book, form } from "./support";

/** What happens between the run's page reading the run and completing it; once. */
const race = vi.hoisted(() => ({ afterRead: undefined as (() => Promise<void>) | undefined }));

vi.mock("../server/catalogue.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../server/catalogue.server")>();
  return {
    ...real,
    runById: async (...args: Parameters<typeof real.runById>) => {
      const read = await real.runById(...args);
      const meanwhile = race.afterRead;
      race.afterRead = undefined;
      if (meanwhile) await meanwhile();
      return read;
    },
  };
});

beforeAll(seedDemo);

const RUN = "analysis-next";

/** The provider raises the course's hours and changes its statements, applied as the sync applies it; its run stays as held. */
async function providerChangesTheCourse(held: string) {
  const course = checkItems(sampleCourses(new Date())).courses.find((c) => c.id === "rip-analysis")!;
  const runs = course.runs.map((r) => (r.id === RUN ? { ...r, startsOn: held, endsOn: held } : r));
  await ripDb()
    .transaction()
    .execute((trx) => applyCourses(trx, [{ ...course, title: "Analysis, revised", cpdHours: 4, kss: ["kss-practitioner:3"], runs, lastModified: "2999-01-01T00:00:00.000Z" }]));
}

describe("completion while the sync changes the run's course", () => {
  it("gives the course's hours, title and statements as they are when the completion is recorded", async () => {
    expect((await book("practitioner", "rip-analysis", RUN)).status).toBe(303);
    const held = yesterday();
    await heldOn(RUN, held);
    const learner = await personIdOf("practitioner");
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN).executeTakeFirstOrThrow();
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", learner).executeTakeFirstOrThrow();

    race.afterRead = () => providerChangesTheCourse(held);
    const page = await import("../routes/runs.$runId");
    const done = await run(page.action, await requestAs("ld", `/programmes/research-in-practice/runs/${RUN}`, form([["learner", String(place.id)]])), { runId: RUN });
    expect(race.afterRead).toBeUndefined();
    expect(done.data).toMatchObject({ completed: 1 });

    const sourceRef = `enrolment:${place.id}`;
    expect(await db().selectFrom("cpd_entries").select(["title", "hours", "occurred_on"]).where("person_id", "=", learner).where("source_ref", "=", sourceRef).execute()).toEqual([{ title: "Analysis, revised", hours: 4, occurred_on: held }]);
    expect(await db().selectFrom("evidence_offers").select(["statement_ref", "title"]).where("person_id", "=", learner).where("source_ref", "=", sourceRef).execute()).toEqual([{ statement_ref: "kss-practitioner:3", title: "Analysis, revised" }]);
  });
});
