// A reserve offered a place freed after the intake began owes off-the-job hours and progress reviews from
// the day they were given it, not from the intake's first day: they were not on the degree before then. The
// list of apprentices (cards, readiness, the inbox) and the counts (/admin, the metrics pack) agree. Through
// the real services on a migrated database, with London's date of the place worked out by the database as
// the code does.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday, utcToLondon } from "../../../app/utils/london-time";
import { seedDemo } from "../../../tests/support/fixtures";
import { isPostgres } from "../../sdk/migrations";
import { respond } from "../server/applications.server";
import { apprenticeshipDb } from "../server/db.server";
import { offerFreePlaces } from "../server/free-places.server";
import { intakeById } from "../server/intakes.server";
import { londonDateSql } from "../server/owed-from.server";
import { apprentices } from "../server/progress.server";
import { apprenticeStandingCounts } from "../server/standing.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const WEEK = 7 * 86_400_000;

describe("a reserve given a place freed after the intake began", () => {
  it("owes hours and reviews from the day they were given it, on the list and in the counts", async () => {
    const row = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "i.cohort_id"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
    // The degree began a hundred days ago; then an offer is declined and L&D offer its place to the reserve.
    await db().updateTable("cohorts").set({ starts_on: plusDays(londonToday(), -100) }).where("id", "=", row.cohort_id).execute();
    const applications = apprenticeshipDb().selectFrom("apprenticeship_applications").selectAll().where("intake_id", "=", row.id);
    const offered = await applications.where("decision", "=", "offer").where("response", "is", null).executeTakeFirstOrThrow();
    const reserve = await applications.where("decision", "=", "reserve").executeTakeFirstOrThrow();
    expect(await respond(offered, false, SYSTEM)).toEqual({ ok: true });
    const before = await apprenticeStandingCounts();
    expect(await offerFreePlaces((await intakeById(row.id))!, SYSTEM)).toBe(1);
    // Offered the place, they are an apprentice once they accept it.
    expect(await apprentices([reserve.person_id])).toEqual([]);
    expect(await respond((await applications.where("id", "=", reserve.id).executeTakeFirstOrThrow()), true, SYSTEM)).toEqual({ ok: true });

    // Just given the place: nothing owed yet, and no review due for twelve weeks.
    const [justPlaced] = await apprentices([reserve.person_id]);
    expect(justPlaced.owedFrom).toBe(londonToday());
    expect(justPlaced.compliance).toMatchObject({ weeks: 0, expected: 0, behind: 0 });
    expect(justPlaced.reviewOverdue).toBe(false);
    expect(justPlaced.reviewDue).toBe(plusDays(londonToday(), 12 * 7));
    // One more current apprentice, and none more overdue or behind.
    expect(await apprenticeStandingCounts()).toEqual({ ...before, current: before.current + 1 });

    // Thirteen weeks on, thirteen weeks' hours are owed (not the intake's twenty-seven), and the review is overdue: the counts say the same.
    const later = new Date(Date.now() + 13 * WEEK);
    const [thirteenWeeksOn] = await apprentices([reserve.person_id], later);
    expect(thirteenWeeksOn.compliance).toMatchObject({ weeks: 13, expected: 13 * thirteenWeeksOn.compliance.requiredPerWeek, behind: 13 * thirteenWeeksOn.compliance.requiredPerWeek });
    expect(thirteenWeeksOn.reviewOverdue).toBe(true);
    const everyone = await apprentices(undefined, later);
    const current = everyone.filter((a) => !a.completion?.registered_on);
    expect(await apprenticeStandingCounts(later)).toEqual({ current: current.length, overdue: current.filter((a) => a.reviewOverdue).length, behind: current.filter((a) => a.compliance.behind > 0).length });
  });
});

describe("the London date of when a place was given, in the database", () => {
  it("is the date the code gives, either side of midnight and of the clocks changing", async () => {
    const instants = [
      "2025-03-30T00:59:59.999Z", // 00:59 GMT, just before the clocks go forward
      "2025-03-30T01:00:00.000Z", // 02:00 BST
      "2025-06-01T22:59:59.999Z", // 23:59 BST
      "2025-06-01T23:00:00.000Z", // 00:00 BST, the next day
      "2025-10-25T23:30:00.000Z", // 00:30 BST on the day the clocks go back
      "2025-10-26T00:59:59.999Z", // 01:59 BST
      "2025-10-26T01:00:00.000Z", // 01:00 GMT
      "2025-10-26T23:30:00.000Z", // 23:30 GMT
      "2026-03-29T00:30:00.000Z", // the next spring, before the change
      "2026-03-29T23:30:00.000Z", // and after it, the next day in London
      "2025-12-31T23:59:59.999Z",
    ];
    const postgres = isPostgres(apprenticeshipDb());
    for (const instant of instants) {
      const { rows } = await sql<{ day: string }>`select ${londonDateSql(sql`${instant}`, postgres)} as day`.execute(apprenticeshipDb());
      expect(rows[0].day, instant).toBe(utcToLondon(instant).date);
    }
  });
});
