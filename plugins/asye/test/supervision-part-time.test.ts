// Supervision's stages (weekly for the first weeks, fortnightly to month 6, then monthly) are of the
// worker's own year, stretched by 1 / FTE as its reviews and "month N of 12" are. Measured in calendar
// time, a worker at 0.5 FTE went monthly in their month 3, a day before their 3-month review, and weekly
// supervision stopped in their month 2. On the schedule's own dates, and through the real routes on a
// migrated database: supervision recorded on the year page, read back as the page, the year and the
// manager's inbox read it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { monthOfYear, plusDays, supervisionInterval, yearSchedule } from "../server/schedule";
import { asyeInbox } from "../server/inbox.server";
import { yearById } from "../server/years.server";
import { ctx, form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

describe("supervision for a part-time worker, on the schedule's dates", () => {
  const startsOn = "2025-01-06";
  const facts = { startsOn, fte: 0.5, leave: [], extensionWeeks: 0, ninthMonthReview: false };
  const schedule = yearSchedule(facts, DEFAULT_SETTINGS);
  const interval = (day: string) => supervisionInterval(startsOn, day, DEFAULT_SETTINGS, schedule.longLeave, facts.fte);

  it("stays fortnightly through the 3-month review, until the worker's own month 6 ends", () => {
    expect(schedule.reviews[0]).toEqual({ month: 3, dueOn: "2025-07-08" });
    expect(monthOfYear(startsOn, schedule, "2025-07-07")).toBe(3);
    expect(interval("2025-07-07")).toBe(14);
    expect(interval("2025-10-01")).toBe(14);
    expect(monthOfYear(startsOn, schedule, "2026-01-02")).toBe(6);
    expect(interval("2026-01-02")).toBe(14);
    expect(monthOfYear(startsOn, schedule, "2026-01-06")).toBe(7);
    expect(interval("2026-01-06")).toBe(31);
  });

  it("stays weekly for six weeks of the worker's time: twelve calendar weeks at 0.5 FTE", () => {
    expect(interval(plusDays(startsOn, 83))).toBe(7);
    expect(interval(plusDays(startsOn, 84))).toBe(14);
  });

  it("is as before at full time", () => {
    expect(supervisionInterval(startsOn, plusDays(startsOn, 41), DEFAULT_SETTINGS, [], 1)).toBe(7);
    expect(supervisionInterval(startsOn, plusDays(startsOn, 42), DEFAULT_SETTINGS, [], 1)).toBe(14);
    expect(supervisionInterval(startsOn, "2025-07-05", DEFAULT_SETTINGS, [], 1)).toBe(14);
    expect(supervisionInterval(startsOn, "2025-07-06", DEFAULT_SETTINGS, [], 1)).toBe(31);
  });
});

describe("supervision for a part-time worker, through the year page", () => {
  /** A year started `daysAgo` for a new worker at 0.5 FTE, with supervision recorded weekly from its start until `lastDaysAgo`. */
  async function halfTimeYear(employee: string, daysAgo: number, lastDaysAgo: number) {
    const personId = await newAsyeWorker(employee);
    await db().updateTable("people").set({ fte: 0.5 }).where("id", "=", personId).execute();
    const year = await startYearFor(await personIdOf("practitioner"), daysAgo, personId);
    const { action } = await yearRoute();
    for (let ago = daysAgo - 7; ago >= lastDaysAgo; ago -= 7) {
      const answer = await run(action, await requestAs("manager", year.path, form({ intent: "supervision", heldOn: plusDays(today(), -ago) })), year.params);
      expect(answer.status).toBe(303);
    }
    return year;
  }

  async function expectOverdue(year: Awaited<ReturnType<typeof halfTimeYear>>, lastHeld: string, interval: number) {
    const picture = (await yearById(year.yearId))!;
    expect(picture.openGap).toEqual({ after: lastHeld, dueOn: plusDays(lastHeld, interval), until: null });
    expect(picture.gaps).toHaveLength(1);
    const { loader } = await yearRoute();
    const page = await run(loader, await requestAs("manager", year.path), year.params);
    expect((page.data as { view: { gaps: { until: string | null }[] } }).view.gaps).toEqual([expect.objectContaining({ until: null })]);
    const inbox = await asyeInbox(ctx(), { personId: await personIdOf("manager") } as never, [year.personId]);
    // (A review may be overdue too; only the supervision is looked at here.)
    expect(inbox.filter((item) => item.kindKey === "inbox.supervisionGap")).toEqual([expect.objectContaining({ since: plusDays(lastHeld, interval) })]);
  }

  it("is overdue three weeks after the last session in the worker's month 5, when it is still fortnightly", async () => {
    // 245 days in at 0.5 FTE: past six calendar months, but month 5 of the worker's twelve.
    const year = await halfTimeYear("E-PART-TIME-SUP-1", 245, 21);
    const picture = (await yearById(year.yearId))!;
    expect(picture.month).toBe(5);
    await expectOverdue(year, plusDays(today(), -21), 14);
  });

  it("is overdue a fortnight after the last session in the worker's first six weeks worked, when it is still weekly", async () => {
    // 63 days in at 0.5 FTE: past six calendar weeks, but a little over four weeks of the worker's time.
    const year = await halfTimeYear("E-PART-TIME-SUP-2", 63, 14);
    await expectOverdue(year, plusDays(today(), -14), 7);
  });
});
