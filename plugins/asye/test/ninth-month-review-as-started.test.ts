// The nine-month review setting applies to the years started after it changes: a year keeps the review
// months it started with, so switching it on gives no running year a review already overdue, and switching
// it off hides no nine-month review recorded. Migration 0007 gave the years before it the setting as it
// stood, and the ninth month to any year with a nine-month review recorded.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { yearNinthMonthReview } from "../migrations/0007-year-ninth-month-review";
import { asyeDb } from "../server/db.server";
import { yearById } from "../server/years.server";
import { form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

const RULES = { directObservations: "3", familyFeedback: "3", professionalFeedback: "3", writtenReports: "3", weeklySupervisionWeeks: "6", fortnightlyUntilMonth: "6", supervisionGraceDays: "3", longLeaveDays: "28" };

async function ninthMonthReview(on: boolean) {
  const settings = await import("../routes/settings");
  const saved = await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...RULES, ninthMonthReview: on ? "1" : "0" })));
  expect(saved.status).toBe(303);
}

const reviewsOf = async (yearId: number) => (await yearById(yearId))!.reviews.map((r) => ({ month: r.month, overdue: r.overdue, recorded: r.recorded !== null }));

describe("the nine-month review setting", () => {
  it("changes the years started after it, not those under way, whichever way it is switched", async () => {
    // Ten months in, the nine-month review would be overdue on a year given it.
    const assessor = await personIdOf("practitioner");
    const before = await startYearFor(assessor, 300, await newAsyeWorker("E-NINTH-1"));
    await ninthMonthReview(true);
    expect(await reviewsOf(before.yearId)).toEqual([
      { month: 3, overdue: true, recorded: false },
      { month: 6, overdue: true, recorded: false },
      { month: 12, overdue: false, recorded: false },
    ]);

    const after = await startYearFor(assessor, 300, await newAsyeWorker("E-NINTH-2"));
    expect((await reviewsOf(after.yearId)).map((r) => r.month)).toEqual([3, 6, 9, 12]);
    const { action } = await yearRoute();
    const review = { intent: "review", month: "9", heldOn: today(), outcome: "on_track", note: "Nine months in, on track." };
    expect((await run(action, await requestAs("manager", after.path, form(review)), after.params)).status).toBe(303);

    // Switched off again: the year that has a nine-month review keeps it, recorded, and the other still has none.
    await ninthMonthReview(false);
    expect((await reviewsOf(after.yearId)).find((r) => r.month === 9)).toEqual({ month: 9, overdue: false, recorded: true });
    expect((await reviewsOf(before.yearId)).map((r) => r.month)).toEqual([3, 6, 12]);
  });
});

describe("migration 0007", () => {
  const flags = async () => new Map((await asyeDb().selectFrom("asye_years").select(["id", "ninth_month_review"]).execute()).map((y) => [y.id, Number(y.ninth_month_review)]));
  const setting = (value: number) =>
    sql`insert into settings (key, value_json, updated_at) values ('asye.ninthMonthReview', ${JSON.stringify(value)}, ${new Date().toISOString()}) on conflict (key) do update set value_json = excluded.value_json`.execute(db());

  it("gives the years before it the setting as it stood, and the ninth month to those with a nine-month review recorded", async () => {
    // One year with a nine-month review recorded (as the setting on at its start would have allowed), the others none.
    await asyeDb().deleteFrom("asye_reviews").where("review_month", "=", 9).execute();
    const withNinth = await asyeDb().selectFrom("asye_years").select("id as year_id").where("person_id", "=", await personIdOf("asye")).executeTakeFirstOrThrow();
    await asyeDb().insertInto("asye_reviews").values({ year_id: withNinth.year_id, review_month: 9, held_on: today(), outcome: "on_track", note: "Nine months in.", recorded_by: null, created_at: new Date().toISOString() }).execute();

    await setting(0);
    await yearNinthMonthReview.down!(db());
    await yearNinthMonthReview.up(db());
    const off = await flags();
    expect(off.get(withNinth.year_id)).toBe(1);
    expect([...off.values()].filter((f) => f === 1)).toHaveLength(1);

    await setting(1);
    await yearNinthMonthReview.down!(db());
    await yearNinthMonthReview.up(db());
    expect([...(await flags()).values()].every((f) => f === 1)).toBe(true);
  });
});
