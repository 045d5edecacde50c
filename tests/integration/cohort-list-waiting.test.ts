// A programme's cohort list (Level 5's home page: "1 of 1 left, 1 waiting") counts the people waiting as the
// cohort report does: only those who may still be given a place. Nobody waiting on a cohort that is over
// is, whatever the programme, nor on one that has begun where the programme gives no place after the
// start (`waitingListEndsAtStart`: practice development). Before, the list counted them for ever.
import { beforeAll, describe, expect, it } from "vitest";
import * as level5Home from "../../plugins/leadership/routes/index";
import { cohortReport } from "../../app/services/cohort-report.server";
import { cohortPage, cohortsOf, createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { londonToday } from "../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const HOUR = 3_600_000;

beforeAll(seedDemo);

/** A cohort of one place and one two-hour session starting at `startsAt`, the practitioner in it and the manager waiting. */
async function oneHeldOneWaiting(programmeId: string, startsAt: Date) {
  const day = londonToday(startsAt);
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(startsAt);
  const actor = { userId: null, personId: await personIdOf("ld") };
  const cohortId = await createCohort(
    { programmeId, name: "One place", startsOn: day, endsOn: day, capacity: 1, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: day, cadence: "weekly", count: 1, time, durationMinutes: 120 },
    actor,
  );
  const practitioner = await requestPlace({ cohortId, personId: await personIdOf("practitioner"), actor, direct: true });
  const manager = await requestPlace({ cohortId, personId: await personIdOf("manager"), actor, direct: true });
  expect([practitioner.ok && practitioner.status, manager.ok && manager.status]).toEqual(["enrolled", "waitlisted"]);
  return cohortId;
}

/** Moves the cohort's one session to start at `startsAt`, two hours long, and its days to the session's. */
async function sessionAt(cohortId: number, startsAt: Date) {
  const day = londonToday(startsAt);
  await db().updateTable("cohorts").set({ starts_on: day, ends_on: day }).where("id", "=", cohortId).execute();
  await db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 2 * HOUR).toISOString() }).where("cohort_id", "=", cohortId).execute();
}

/** What Level 5's home page, as L&D open it, says is waiting on the cohort. */
async function waitingOnLevel5Home(cohortId: number) {
  const page = (await run(level5Home.loader, await requestAs("ld", "/programmes/leadership"))).data as { cohorts: { id: number; waiting: number }[] };
  const row = page.cohorts.find((c) => c.id === cohortId);
  if (!row) throw new Error(`Cohort ${cohortId} is not on the first page`);
  return row.waiting;
}

/** What the programme's cohort list says is waiting on the cohort at `now`. */
async function waitingInList(programmeId: string, cohortId: number, now: Date) {
  const row = (await cohortsOf(programmeId, now)).find((c) => c.id === cohortId);
  if (!row) throw new Error(`Cohort ${cohortId} is not in ${programmeId}'s list`);
  return Number(row.waiting);
}

describe("the people waiting in a cohort list", () => {
  it("on Level 5's home page are counted while the cohort runs, and not once it is over, as in the cohort report", async () => {
    const cohort = await oneHeldOneWaiting("leadership", new Date(Date.now() + 24 * HOUR));
    const shown = async () => ({ home: await waitingOnLevel5Home(cohort), report: (await cohortReport(cohort, 1)).waiting });
    expect(await shown()).toEqual({ home: 1, report: 1 });

    // Under way: Level 5 may still offer a freed place.
    await sessionAt(cohort, new Date(Date.now() - HOUR));
    expect(await shown()).toEqual({ home: 1, report: 1 });

    // Its last session has ended: nobody will be given a place.
    await sessionAt(cohort, new Date(Date.now() - 3 * HOUR));
    expect(await shown()).toEqual({ home: 0, report: 0 });
  });

  it("leave out those on a practice development cohort once its first session has begun, where Level 5's still count", async () => {
    const startsAt = new Date(Date.now() + 24 * HOUR);
    const briefing = await oneHeldOneWaiting("practice-development", startsAt);
    const level5 = await oneHeldOneWaiting("leadership", startsAt);
    const shown = async (now: Date) => ({
      briefing: await waitingInList("practice-development", briefing, now),
      briefingReport: (await cohortReport(briefing, 1, now)).waiting,
      level5: await waitingInList("leadership", level5, now),
    });

    expect(await shown(new Date(startsAt.getTime() - HOUR))).toEqual({ briefing: 1, briefingReport: 1, level5: 1 });
    expect(await shown(new Date(startsAt.getTime() + HOUR))).toEqual({ briefing: 0, briefingReport: 0, level5: 1 });
    expect(await shown(new Date(startsAt.getTime() + 3 * HOUR))).toEqual({ briefing: 0, briefingReport: 0, level5: 0 });
  });
});

describe("a cohort list read at a given moment", () => {
  it("counts by that moment, on the list a page at a time too", async () => {
    const startsAt = new Date(Date.now() + 24 * HOUR);
    const cohort = await oneHeldOneWaiting("leadership", startsAt);
    const waitingOnPage = async (now: Date) => Number((await cohortPage("leadership", 1, now)).rows.find((c) => c.id === cohort)!.waiting);
    expect(await waitingOnPage(new Date(startsAt.getTime() + HOUR))).toBe(1);
    expect(await waitingOnPage(new Date(startsAt.getTime() + 3 * HOUR))).toBe(0);
  });
});
