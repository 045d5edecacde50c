// A sync that stopped part way through giving out places (a crash, a kill, an error after the feed was
// saved) is finished by the next sync, even though the feed then has nothing new: nobody waiting loses
// the place a raised capacity freed, and the queue keeps its order. The first promotion on the second run
// is made to fail, after the first run's places were given.
import { http, HttpResponse } from "msw";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { seedDemo } from "../../../tests/support/fixtures";
import { outsideWorld, useOutsideWorld } from "../../../tests/support/msw";
import { onPostgres } from "../../../tests/support/test-database";
import { ripDb } from "../server/db.server";
import { syncCatalogue, type FeedConfig } from "../server/sync.server";

/**
 * Makes the audit of one place given from the waiting list fail, on either engine, as a process dying
 * there would leave things: that promotion's transaction rolls back and the sync stops with an error.
 */
async function whilePromotionFails<T>(enrolmentId: number, work: () => Promise<T>): Promise<T> {
  const when = sql.raw(`new.action = 'enrolment.promoted_from_waiting_list' and new.subject_id = '${enrolmentId}'`);
  if (onPostgres()) {
    await sql`create function test_refuse_promotion() returns trigger language plpgsql as $$ begin raise exception 'promotion down'; end $$`.execute(db());
    await sql`create trigger test_refuse_promotion before insert on audit_events for each row when (${when}) execute function test_refuse_promotion()`.execute(db());
  } else {
    await sql`create trigger test_refuse_promotion before insert on audit_events when ${when} begin select raise(abort, 'promotion down'); end`.execute(db());
  }
  try {
    return await work();
  } finally {
    await sql`drop trigger test_refuse_promotion${onPostgres() ? sql` on audit_events` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_promotion()`.execute(db());
  }
}

useOutsideWorld();
beforeAll(seedDemo);

const FEED = "https://feed.rip.test/promotions";
// The feed dates its changes years ahead; the future-date check reads a clock past them (as feed-support's).
const config: FeedConfig = { url: FEED, token: "secret", timeoutMs: 300, lastModifiedClock: () => new Date("2100-01-01T00:00:00Z") };
const sync = () => syncCatalogue(ripDb(), config, () => undefined);

const course = (id: string, startsOn: string, capacity: number, modified: string) => ({
  id,
  title: `Course ${id}`,
  format: "workshop",
  summary: "A test course.",
  objectives: ["First objective"],
  runs: [{ id: `${id}-run`, startsOn, endsOn: startsOn, venue: "Online", capacity, managerApproval: false }],
  cpdHours: 3,
  kss: [],
  pcf: [],
  lastModified: modified,
});

function serve(items: unknown[]) {
  outsideWorld.use(http.get(FEED, () => HttpResponse.json({ items, page: 1, nextPage: null })));
}

const cohortOf = async (runId: string) => (await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow()).cohort_id;
const places = (cohortId: number) => db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("person_id").execute();

describe("a sync that stopped while giving out places", () => {
  it("is finished by the next sync, with no change in the feed: everyone owed a place has it, in waiting-list order", async () => {
    serve([course("fp1", "2030-06-01", 1, "2029-05-01T00:00:00Z"), course("fp2", "2030-06-02", 1, "2029-05-01T00:00:00Z")]);
    await sync();
    const cohorts = [await cohortOf("fp1-run"), await cohortOf("fp2-run")];
    const people = (await db().selectFrom("people").select("id").orderBy("id").limit(4).execute()).map((p) => p.id);
    for (const cohortId of cohorts) for (const personId of people) await requestPlace({ cohortId, personId, actor: { userId: null, personId: null }, direct: true });

    // The provider raises both capacities to 3; the sync saves the feed, fills the first run, and stops.
    const raised = [course("fp1", "2030-06-01", 3, "2029-05-02T00:00:00Z"), course("fp2", "2030-06-02", 3, "2029-05-02T00:00:00Z")];
    serve(raised);
    const firstWaitingOnSecond = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohorts[1]).where("waitlist_position", "=", 1).executeTakeFirstOrThrow();
    await expect(whilePromotionFails(firstWaitingOnSecond.id, sync)).rejects.toThrow("promotion down");
    const capacities = await db().selectFrom("cohorts").select("capacity").where("id", "in", cohorts).execute();
    expect(capacities.map((c) => c.capacity)).toEqual([3, 3]);
    expect((await places(cohorts[0])).map((p) => p.status)).toEqual(["enrolled", "enrolled", "enrolled", "waitlisted"]);
    expect((await places(cohorts[1])).map((p) => p.status)).toEqual(["enrolled", "waitlisted", "waitlisted", "waitlisted"]);

    // The next sync finds nothing new in the feed, and still gives the second run's free places out.
    serve(raised);
    expect(await sync()).toMatchObject({ messageKey: "sync.done", values: { unchanged: 2, updated: 0 } });
    for (const cohortId of cohorts) {
      expect(await places(cohortId)).toEqual([
        { person_id: people[0], status: "enrolled", waitlist_position: null },
        { person_id: people[1], status: "enrolled", waitlist_position: null },
        { person_id: people[2], status: "enrolled", waitlist_position: null },
        { person_id: people[3], status: "waitlisted", waitlist_position: 1 },
      ]);
    }
  });
});
