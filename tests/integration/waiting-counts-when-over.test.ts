// The core's counts of people waiting (the cohort report's `cohortReport` and `uptake`, and the key metrics'
// "people on a waiting list") leave out anyone still waiting on a cohort that is over, whatever the
// programme: nobody is given a place on it. Before, they were counted for ever. A cohort is over when its
// last scheduled session has ended or, with none scheduled, once its `ends_on` is before London's today.
// Level 5 offers freed places after the start, so its waiting list is counted until the last session ends;
// an apprenticeship intake has no sessions and ends three years on, so it is counted all that time.
import { beforeAll, describe, expect, it } from "vitest";
import { cohortReport, uptake } from "../../app/services/cohort-report.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { metricsPack } from "../../app/services/metrics/metrics.server";
import { quarterOf } from "../../app/services/metrics/quarters";
import { addDaysToDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { londonToday } from "../../app/utils/london-time";
import { apprenticeshipDb } from "../../plugins/apprenticeship/server/db.server";
import { createIntake } from "../../plugins/apprenticeship/server/intakes.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { onPostgres } from "../support/test-database";
import { onlyStatement, postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../support/statement-plans";

const HOUR = 3_600_000;
const today = () => londonToday();
const daysFromToday = (days: number) => addDaysToDate(today(), days);

beforeAll(seedDemo);

/** The programme's "people on a waiting list" in the key metrics for the whole service, as L&D see it today. */
async function waitingFigure(programme: string) {
  const row = (await metricsPack(quarterOf(today()), "all", "en-GB", today())).find((r) => r.key === `common:${programme}.waiting`);
  if (!row) throw new Error(`No waiting figure for ${programme}`);
  return row.value;
}

/** Everyone the programme's take-up report counts as waiting, over its localities and roles. */
const waitingInUptake = async (programme: string) => (await uptake(programme)).reduce((sum, r) => sum + Number(r.waiting), 0);

/** The counts of people waiting that the core gives for the programme and for the one cohort. */
const counts = async (programme: string, cohort: number) => ({ pack: await waitingFigure(programme), uptake: await waitingInUptake(programme), report: (await cohortReport(cohort, 1)).waiting });

/** The practitioner takes the cohort's one place and the manager waits for it, both placed by L&D. */
async function oneHeldOneWaiting(cohortId: number, reserve = false) {
  const actor = { userId: null, personId: await personIdOf("ld") };
  const practitioner = await requestPlace({ cohortId, personId: await personIdOf("practitioner"), actor, direct: true });
  const manager = await requestPlace({ cohortId, personId: await personIdOf("manager"), actor, direct: true, reserve });
  expect([practitioner.ok && practitioner.status, manager.ok && manager.status]).toEqual(["enrolled", "waitlisted"]);
  return cohortId;
}

/** A Level 5 cohort of one place and one two-hour session tomorrow, the practitioner in it and the manager waiting. */
async function level5Cohort() {
  const tomorrow = daysFromToday(1);
  const cohortId = await createCohort(
    { programmeId: "leadership", name: "Level 5, one place", startsOn: tomorrow, endsOn: tomorrow, capacity: 1, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: tomorrow, cadence: "weekly", count: 1, time: "10:00", durationMinutes: 120 },
    { userId: null, personId: await personIdOf("ld") },
  );
  return oneHeldOneWaiting(cohortId);
}

/** Moves the cohort's one session to `startsAt`, two hours long, and its days to `startsOn`..`endsOn` (the session's own day by default). */
async function sessionAt(cohortId: number, startsAt: Date, days: { startsOn?: string; endsOn?: string; status?: "scheduled" | "cancelled" } = {}) {
  const day = londonToday(startsAt);
  await db().updateTable("cohorts").set({ starts_on: days.startsOn ?? day, ends_on: days.endsOn ?? day }).where("id", "=", cohortId).execute();
  await db()
    .updateTable("cohort_sessions")
    .set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 2 * HOUR).toISOString(), status: days.status ?? "scheduled" })
    .where("cohort_id", "=", cohortId)
    .execute();
}

/** An apprenticeship intake of one place starting tomorrow, with no sessions: the practitioner holds it and the manager is the reserve. */
async function apprenticeshipIntake() {
  const intake = await createIntake({ name: "Intake, one place", university: "University of the Midlands", startsOn: daysFromToday(1), opensOn: daysFromToday(-60), closesOn: daysFromToday(-30), places: 1, criteria: "Test criteria" }, { userId: null, personId: await personIdOf("ld") });
  const { cohort_id } = await apprenticeshipDb().selectFrom("apprenticeship_intakes").select("cohort_id").where("id", "=", intake).executeTakeFirstOrThrow();
  return oneHeldOneWaiting(cohort_id, true);
}

const intakeDates = (cohortId: number, startsOn: string, endsOn: string) => db().updateTable("cohorts").set({ starts_on: startsOn, ends_on: endsOn }).where("id", "=", cohortId).execute();

describe("people on a Level 5 cohort's waiting list", () => {
  it("are counted while its session is under way, and not once it has ended", async () => {
    const cohort = await level5Cohort();
    const before = await counts("leadership", cohort);
    expect(before.report).toBe(1);

    await sessionAt(cohort, new Date(Date.now() - HOUR));
    expect(await counts("leadership", cohort)).toEqual(before);

    await sessionAt(cohort, new Date(Date.now() - 3 * HOUR));
    expect(await counts("leadership", cohort)).toEqual({ pack: before.pack! - 1, uptake: before.uptake - 1, report: 0 });
  });

  it("go by the sessions where there are any, not by the cohort's end date", async () => {
    const cohort = await level5Cohort();
    const report = async () => (await cohortReport(cohort, 1)).waiting;
    // A session moved past the cohort's last day: L&D may still offer a place before it ends.
    await sessionAt(cohort, new Date(Date.now() + HOUR), { startsOn: daysFromToday(-7), endsOn: daysFromToday(-1) });
    expect(await report()).toBe(1);
    // The last session has ended, though the cohort's dates run on.
    await sessionAt(cohort, new Date(Date.now() - 3 * HOUR), { startsOn: daysFromToday(-7), endsOn: daysFromToday(30) });
    expect(await report()).toBe(0);
  });

  it("go by the cohort's end date once every session is cancelled: counted through its last day, not after", async () => {
    const cohort = await level5Cohort();
    const report = async () => (await cohortReport(cohort, 1)).waiting;
    const longAgo = new Date(Date.now() - 30 * 24 * HOUR);
    await sessionAt(cohort, longAgo, { startsOn: daysFromToday(-30), endsOn: today(), status: "cancelled" });
    expect(await report()).toBe(1);
    await sessionAt(cohort, longAgo, { startsOn: daysFromToday(-30), endsOn: daysFromToday(-1), status: "cancelled" });
    expect(await report()).toBe(0);
  });
});

describe("people on an apprenticeship intake's reserve list", () => {
  it("are counted all through an intake in progress, which has no sessions, and not once its end date has passed", async () => {
    const cohort = await apprenticeshipIntake();
    const before = await counts("apprenticeship", cohort);
    expect(before.report).toBe(1);

    await intakeDates(cohort, daysFromToday(-365), daysFromToday(2 * 365));
    expect(await counts("apprenticeship", cohort)).toEqual(before);
    await intakeDates(cohort, daysFromToday(-3 * 365), today());
    expect(await counts("apprenticeship", cohort)).toEqual(before);

    await intakeDates(cohort, daysFromToday(-3 * 365), daysFromToday(-1));
    expect(await counts("apprenticeship", cohort)).toEqual({ pack: before.pack! - 1, uptake: before.uptake - 1, report: 0 });
  });
});

describe("how a count of people waiting reads a cohort's sessions", () => {
  it("by the sessions' index of cohorts, never the whole table", async () => {
    const cohort = await level5Cohort();
    const statements = await statementsRunBy(() => cohortReport(cohort, 1));
    const count = onlyStatement(statements, (text) => text.includes("from cohort_sessions as s"));
    const plan = onPostgres() ? await postgresPlanAtScale(count) : await sqlitePlan(count);
    if (onPostgres()) {
      expect(plan).not.toMatch(/Seq Scan on cohort_sessions/);
      expect(plan).toMatch(/cohort_sessions_cohort_idx/);
    } else {
      expect(plan).not.toMatch(/SCAN s\b/);
      expect(plan).toMatch(/SEARCH s USING INDEX cohort_sessions_cohort_idx \(cohort_id=\?/);
    }
  });
});
