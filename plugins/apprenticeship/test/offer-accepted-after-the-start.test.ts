// An offer made before the intake began but accepted after it: until they accepted, the applicant was not an
// apprentice (not listed, counted or paid for), so they owe off-the-job hours and progress reviews from the
// day they accepted, not from the intake's first day, which would have left them weeks behind the moment
// they said yes. The list of apprentices and the counts (/admin, the metrics pack) agree.
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { respond } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";
import { apprenticeStandingCounts } from "../server/standing.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const WEEK = 7 * 86_400_000;

describe("an offer accepted after the intake began", () => {
  it("owes hours and reviews from the day it was accepted, on the list and in the counts", async () => {
    const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
    const offered = await apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", intake.id).where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    // The degree began five weeks ago; the offer (its place given two months ago, before the start) is answered only now.
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -35) }).where("id", "=", intake.cohort_id).execute();
    await db().updateTable("enrolments").set({ updated_at: new Date(Date.now() - 60 * 86_400_000).toISOString() }).where("id", "=", offered.enrolment_id!).execute();
    const before = await apprenticeStandingCounts();
    expect(await respond(offered, true, SYSTEM)).toEqual({ ok: true });

    // Just accepted: nothing owed yet, and no review due for twelve weeks.
    const [accepted] = await apprentices([offered.person_id]);
    expect(accepted.startsOn).toBe(plusDays(londonToday(), -35));
    expect(accepted.owedFrom).toBe(londonToday());
    expect(accepted.compliance).toMatchObject({ weeks: 0, expected: 0, behind: 0 });
    expect(accepted.reviewDue).toBe(plusDays(londonToday(), 12 * 7));
    expect(accepted.reviewOverdue).toBe(false);
    // One more current apprentice, and none more behind or overdue.
    expect(await apprenticeStandingCounts()).toEqual({ ...before, current: before.current + 1 });

    // Two weeks on, two weeks' hours are owed (not the intake's seven), and the counts say the same as the list.
    const later = new Date(Date.now() + 2 * WEEK);
    const [twoWeeksOn] = await apprentices([offered.person_id], later);
    expect(twoWeeksOn.compliance).toMatchObject({ weeks: 2, expected: 2 * twoWeeksOn.compliance.requiredPerWeek });
    const current = (await apprentices(undefined, later)).filter((a) => !a.completion?.registered_on);
    expect(await apprenticeStandingCounts(later)).toEqual({ current: current.length, overdue: current.filter((a) => a.reviewOverdue).length, behind: current.filter((a) => a.compliance.behind > 0).length });
  });
});
