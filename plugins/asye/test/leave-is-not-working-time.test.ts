// Long leave is not working time, through the real routes on a migrated database: leave and supervision
// recorded on the year page, then read back as the pages, cards, readiness and inbox read the year. The
// weeks away are no supervision gap, the month counts the days worked, and the 3-month review falls once
// three months have been worked, the leave before it added on.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { daysBetween, plusDays, plusMonths } from "../server/schedule";
import { asyeInbox } from "../server/inbox.server";
import { yearById } from "../server/years.server";
import { ctx, form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

describe("a year with long leave in it", () => {
  it("counts no supervision gap across the leave, the month on the days worked, and the review after the leave", async () => {
    const { action } = await yearRoute();
    // Two hundred days in, of which 160 on leave: forty days worked, still in the weekly weeks.
    const year = await startYearFor(await personIdOf("practitioner"), 200, await newAsyeWorker("E-ONLEAVE-1"));
    const startsOn = plusDays(today(), -200);
    const post = async (fields: Record<string, string>) => expect((await run(action, await requestAs("manager", year.path, form(fields)), year.params)).status, JSON.stringify(fields)).toBe(303);
    await post({ intent: "leave", startsOn: plusDays(startsOn, 10), endsOn: plusDays(startsOn, 169), reason: "Maternity leave" });
    for (const daysAgo of [193, 30, 23, 16, 9, 2]) await post({ intent: "supervision", heldOn: plusDays(today(), -daysAgo) });

    const picture = (await yearById(year.yearId))!;
    expect(picture.schedule.leaveDays).toBe(160);
    expect(picture.gaps).toEqual([]);
    expect(picture.openGap).toBeNull();
    const twelveMonths = daysBetween(startsOn, plusMonths(startsOn, 12));
    expect(picture.month).toBe(Math.floor((40 * 12) / twelveMonths) + 1);
    expect(picture.month).toBe(2);
    // Ten days worked before the leave, the rest after it.
    expect(picture.reviews[0]).toMatchObject({ month: 3, dueOn: plusDays(startsOn, Math.round((twelveMonths * 3) / 12) + 160), overdue: false });
    // The manager's inbox has nothing about this year: no overdue review, no supervision overdue.
    expect(await asyeInbox(ctx(), { personId: await personIdOf("manager") } as never, [year.personId])).toEqual([]);
  });
});
