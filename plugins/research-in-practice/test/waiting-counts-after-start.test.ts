// The core's counts of people waiting on a run, through the real services on a migrated, seeded database:
// the cohort report (`cohortReport`, `uptake`) and the key metrics' "people on a waiting list". Nobody
// waiting is given a place once a run has begun (a place given up then goes to nobody, and the sync gives
// places only on runs still to come), so the plugin declares `waitingListEndsAtStart`: someone left waiting
// then is not counted as waiting. Before, they were, though they would never be given one.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { cohortReport, uptake } from "../../../app/services/cohort-report.server";
import { metricsPack } from "../../../app/services/metrics/metrics.server";
import { quarterOf } from "../../../app/services/metrics/quarters";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { useOutsideWorld } from "../../../tests/support/msw";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import { courseById, createTailoredRun } from "../server/catalogue.server";
import { ripDb } from "../server/db.server";
import { serve, sync } from "./feed-support";
import { book, form } from "./support";

const HOUR = 3_600_000;

useOutsideWorld();
beforeAll(seedDemo);

/** The programme's "people on a waiting list" in the key metrics for the whole service, as L&D see it today. */
async function waitingFigure() {
  const today = londonToday();
  const row = (await metricsPack(quarterOf(today), "all", "en-GB", today)).find((r) => r.key === `common:${PLUGIN_ID}.waiting`);
  if (!row) throw new Error(`No waiting figure for ${PLUGIN_ID}`);
  return row.value;
}

/** Everyone the programme's take-up report counts as waiting, over its localities and roles. */
const waitingInUptake = async () => (await uptake(PLUGIN_ID)).reduce((sum, r) => sum + Number(r.waiting), 0);

/** The counts of people waiting that the core gives for the programme and for the run's cohort. */
const counts = async (cohort: number) => ({ pack: await waitingFigure(), uptake: await waitingInUptake(), report: (await cohortReport(cohort, 1)).waiting });

/** A council-only run of one place, starting tomorrow: the practitioner books it through the course page and the manager waits. */
async function runWithWaitingList() {
  const voice = (await courseById("rip-voice"))!;
  const tomorrow = addDaysToDate(londonToday(), 1);
  const runId = await createTailoredRun(voice, { name: "Voice: one place", startsOn: tomorrow, endsOn: tomorrow, venue: "One-place room", capacity: 1, managerApproval: false }, SYSTEM_ACTOR);
  for (const who of ["practitioner", "manager"] as const) expect((await book(who, "rip-voice", runId)).status).toBe(303);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  return { runId, cohort: cohort_id };
}

/**
 * A council-only run of another course, starting tomorrow, its one place held by the practitioner and the
 * manager waiting; then its capacity rises to 2, as a provider's feed may raise it, so a place is free.
 */
async function runStillToComeWithPlaceFree() {
  const law = (await courseById("rip-law"))!;
  const tomorrow = addDaysToDate(londonToday(), 1);
  const runId = await createTailoredRun(law, { name: "Law: one place", startsOn: tomorrow, endsOn: tomorrow, venue: "Another room", capacity: 1, managerApproval: false }, SYSTEM_ACTOR);
  for (const who of ["practitioner", "manager"] as const) expect((await book(who, "rip-law", runId)).status).toBe(303);
  const { cohort_id } = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  expect(await standing(cohort_id)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
  await db().updateTable("cohorts").set({ capacity: 2 }).where("id", "=", cohort_id).execute();
  return cohort_id;
}

/** The run's cohort starts on London's date of `startsAt`, and its one session (09:30 to 16:00 as planned) began then: it is under way. */
async function beganAt(runId: string, startsAt: Date) {
  const { cohort_id, session_id } = await ripDb().selectFrom("research_in_practice_runs").select(["cohort_id", "session_id"]).where("id", "=", runId).executeTakeFirstOrThrow();
  const day = londonToday(startsAt);
  await db().updateTable("cohorts").set({ starts_on: day, ends_on: day }).where("id", "=", cohort_id).execute();
  await db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 6.5 * HOUR).toISOString() }).where("id", "=", session_id).execute();
}

/** What the practitioner and the manager each hold on the cohort now. */
async function standing(cohort: number) {
  const rows = await db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohort).execute();
  const [practitioner, manager] = [await personIdOf("practitioner"), await personIdOf("manager")];
  return { practitioner: rows.find((r) => r.person_id === practitioner)?.status, manager: rows.find((r) => r.person_id === manager)?.status };
}

describe("people left on a run's waiting list once it has begun", () => {
  it("are counted as waiting until its session begins, and not after, in the cohort report and the key metrics", async () => {
    const { runId, cohort } = await runWithWaitingList();
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
    const before = await counts(cohort);
    expect(before.report).toBe(1);

    await beganAt(runId, new Date(Date.now() - HOUR));
    expect(await counts(cohort)).toEqual({ pack: before.pack! - 1, uptake: before.uptake - 1, report: 0 });
  });

  it("are given no place once it has begun, neither when L&D withdraw the learner nor by the sync, and stay uncounted", async () => {
    const { runId, cohort } = await runWithWaitingList();
    await beganAt(runId, new Date(Date.now() - HOUR));
    const place = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    const runPage = await import("../routes/runs.$runId");
    const path = `/programmes/${PLUGIN_ID}/runs/${runId}`;
    expect((await run(runPage.action, await requestAs("ld", path, form({ intent: "withdraw", learner: String(place.id) })), { runId })).status).toBe(303);

    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });

    // The run now has a place free and someone waiting, and its session is still going (so the core's
    // promotion, which refuses only a cohort that is over, would give it): only the sync's own rule, runs
    // still to come, keeps the place from the manager. A run still to come with a place free and someone
    // waiting shows the same sync does give places.
    const toCome = await runStillToComeWithPlaceFree();
    serve([[]]);
    await sync();
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });
    expect(await standing(toCome)).toEqual({ practitioner: "enrolled", manager: "enrolled" });
    expect((await cohortReport(cohort, 1)).waiting).toBe(0);
  });
});
