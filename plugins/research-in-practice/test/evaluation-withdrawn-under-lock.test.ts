// Whether the provider withdrew the run is read where the answers are written, under the cohort's lock
// (where the sync withdraws a run), not only when the form is first read. Here the provider withdraws the
// run just after the evaluation page has read the learner's place (the sync runs at that moment, and is
// let finish before the page goes on): the answers must be refused with the reason, storing nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { ripDb } from "../server/db.server";
import { auditedFor, send, type Sent } from "./evaluation-support";
import { course, serve, sync } from "./feed-support";
import { book } from "./support";

useOutsideWorld();
beforeAll(seedDemo);

const RUN = { id: "withdrawn-meanwhile-run", startsOn: "2031-11-03", endsOn: "2031-11-03", venue: "Civic Offices", capacity: 5, managerApproval: false };
const offered = (modified: string, withdrawn: boolean) => course("withdrawn-meanwhile", modified, { title: "Withdrawn meanwhile", withdrawn, runs: [RUN] });

/** The evaluation page's first read of the learner's place, with its run. */
const PLACE_READ = /from "enrolments" as "e" inner join "research_in_practice_runs"/i;

describe("before-course answers sent as the provider withdraws the run", () => {
  it("are refused with the reason, storing nothing and auditing nothing", async () => {
    serve([[offered("2031-01-01T00:00:00Z", false)]]);
    await sync();
    expect((await book("practitioner", "withdrawn-meanwhile", RUN.id)).status).toBe(303);
    const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", RUN.id).executeTakeFirstOrThrow();
    const place = (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort_id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow()).id;

    const providerWithdraws = async () => {
      serve([[offered("2031-01-02T00:00:00Z", true)]]);
      await sync();
    };
    const sent = await whenFirstRead(PLACE_READ, providerWithdraws, () => send(place, { stage: "before", o0: "3", o1: "4" }), 10_000);
    expect((await ripDb().selectFrom("research_in_practice_runs").select("withdrawn").where("id", "=", RUN.id).executeTakeFirstOrThrow()).withdrawn).toBe(1);
    expect(sent.status).toBe(409);
    expect((sent.data as Sent).reply.error).toEqual({ "": ["evaluation.errors.closed.runWithdrawn"] });
    expect(await ripDb().selectFrom("research_in_practice_evaluations").select("enrolment_id").where("enrolment_id", "=", place).execute()).toEqual([]);
    expect(await auditedFor(place)).toEqual([]);
  });
});
