// The core's counts of people waiting, through the real services on a migrated, seeded database: the cohort
// report (`cohortReport`, `uptake`) and the key metrics' "people on a waiting list". Someone left on a
// session's waiting list once its first date has begun is given no place (this programme declares
// `waitingListEndsAtStart`), and their page says so: they are not counted as waiting. Before, they were,
// though they would never be given one. A Level 5 waiting list goes on after the start (L&D offer the places
// freed then), so its count is the same before the start and after.
import { beforeAll, describe, expect, it } from "vitest";
import { cohortReport, uptake } from "../../../app/services/cohort-report.server";
import { metricsPack, recordMetricSnapshots } from "../../../app/services/metrics/metrics.server";
import { quarterOf } from "../../../app/services/metrics/quarters";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { sessionWithWaitingList, standing } from "./one-seat-session";
import { startingToday } from "./session-times";

const HOUR = 3_600_000;

beforeAll(async () => {
  await seedDemo();
});

/** The programme's "people on a waiting list" in the key metrics for the whole service, as L&D see it today. */
async function waitingFigure(programme: string) {
  const today = londonToday();
  const row = (await metricsPack(quarterOf(today), "all", "en-GB", today)).find((r) => r.key === `common:${programme}.waiting`);
  if (!row) throw new Error(`No waiting figure for ${programme}`);
  return row.value;
}

/** Everyone the programme's take-up report counts as waiting, over its localities and roles. */
const waitingInUptake = async (programme: string) => (await uptake(programme)).reduce((sum, r) => sum + Number(r.waiting), 0);

/** The counts of people waiting that the core gives for the programme and for the one cohort. */
const counts = async (programme: string, cohort: number) => ({ pack: await waitingFigure(programme), uptake: await waitingInUptake(programme), report: (await cohortReport(cohort, 1)).waiting });

/** A Level 5 cohort of one place and one session at `startsAt`: the practitioner holds it, the manager waits. */
async function level5CohortWithWaitingList(startsAt: Date) {
  const now = new Date().toISOString();
  const day = startsAt.toISOString().slice(0, 10);
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: "leadership", name: "Level 5, one place", starts_on: day, ends_on: day, capacity: 1, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  await db().insertInto("cohort_sessions").values({ cohort_id: cohort.id, sequence: 1, title: "Leading practice", starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), location: null, status: "scheduled" }).execute();
  const enrolment = (personId: number, status: "enrolled" | "waitlisted") => ({ cohort_id: cohort.id, person_id: personId, status, waitlist_position: status === "waitlisted" ? 1 : null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: now, updated_at: now });
  await db().insertInto("enrolments").values([enrolment(await personIdOf("practitioner"), "enrolled"), enrolment(await personIdOf("manager"), "waitlisted")]).execute();
  return cohort.id;
}

describe("people left on a practice development session's waiting list once it has begun", () => {
  it("are counted as waiting until the first date begins, and not after, in the cohort report and the key metrics", async () => {
    const { cohort } = await sessionWithWaitingList("Counted until it began");
    await startingToday(cohort, new Date(Date.now() + HOUR));
    const before = await counts("practice-development", cohort);
    expect(before.report).toBe(1);

    await startingToday(cohort, new Date(Date.now() - HOUR));
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
    expect(await counts("practice-development", cohort)).toEqual({ pack: before.pack! - 1, uptake: before.uptake - 1, report: 0 });
  });
});

describe("the day's snapshot of the key metrics", () => {
  /** The whole service's practice development waiting figure as the snapshot taken at `now` kept it. */
  async function snapshotAt(now: Date) {
    await recordMetricSnapshots(now);
    const row = await db().selectFrom("metric_snapshots").select("value").where("quarter", "=", quarterOf(londonToday(now)).key).where("scope_key", "=", "all").where("metric_key", "=", "common:practice-development.waiting").executeTakeFirstOrThrow();
    return Number(row.value);
  }

  it("counts who is waiting at the snapshot's moment, not the clock's", async () => {
    const { cohort } = await sessionWithWaitingList("Snapshot before it began");
    const startsAt = new Date(Date.now() - HOUR);
    await startingToday(cohort, startsAt);
    // A millisecond either side of its start, so no other session in the file begins between the two.
    const before = await snapshotAt(new Date(startsAt.getTime() - 1));
    const after = await snapshotAt(startsAt);
    expect(before - after).toBe(1);
  });
});

describe("people on a Level 5 cohort's waiting list once it has begun", () => {
  it("are still counted as waiting: L&D may offer them the places freed then", async () => {
    const cohort = await level5CohortWithWaitingList(new Date(Date.now() + 24 * HOUR));
    const before = await counts("leadership", cohort);
    expect(before.report).toBe(1);

    await db().updateTable("cohorts").set({ starts_on: londonToday(), ends_on: londonToday() }).where("id", "=", cohort).execute();
    await db().updateTable("cohort_sessions").set({ starts_at: new Date(Date.now() - HOUR).toISOString(), ends_at: new Date(Date.now() + HOUR).toISOString() }).where("cohort_id", "=", cohort).execute();
    expect(await counts("leadership", cohort)).toEqual(before);
  });
});
