// Long leave extends the year only when it begins by the year's end: leave recorded while a year awaits
// its decision, beginning after its twelve months were up, belongs to no year. It moved the end on by its
// whole length, so the assessor was told the year had not ended and the panel refused to decide (409) for
// as long as the leave lasted. The schedule's rule, and the panel deciding through the real routes.
import { beforeAll, describe, expect, it } from "vitest";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { plusDays, yearSchedule } from "../server/schedule";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, endedYear, form, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

describe("the end of a year with long leave", () => {
  const fullTime = { startsOn: "2025-01-06", fte: 1, leave: [] as { starts_on: string; ends_on: string }[], extensionWeeks: 0, ninthMonthReview: false };
  const withLeave = (starts_on: string, ends_on: string) => yearSchedule({ ...fullTime, leave: [{ starts_on, ends_on }] }, DEFAULT_SETTINGS);

  it("is not moved by leave that begins after the year ended", () => {
    const plain = yearSchedule(fullTime, DEFAULT_SETTINGS);
    expect(plain.endsOn).toBe("2026-01-06");
    // The reviewer's case: leave from two months after the end, for almost a year.
    const late = withLeave("2026-03-02", "2027-02-26");
    expect(late).toMatchObject({ endsOn: "2026-01-06", leaveDays: 0, yearDays: plain.yearDays });
    expect(late.reviews).toEqual(plain.reviews);
    // From the day after the end.
    expect(withLeave("2026-01-07", "2026-03-06").endsOn).toBe("2026-01-06");
  });

  it("is moved on by the whole of leave begun by the end, even when it runs past it", () => {
    // Thirty days from the year's last day: the worker has one day left to work after it.
    expect(withLeave("2026-01-05", "2026-02-03")).toMatchObject({ endsOn: "2026-02-05", leaveDays: 30 });
    // Leave inside the year still moves the end by its length, and leave it pushes the end into counts too.
    const both = yearSchedule({ ...fullTime, leave: [{ starts_on: "2025-06-02", ends_on: "2025-07-31" }, { starts_on: "2026-02-02", ends_on: "2026-03-31" }] }, DEFAULT_SETTINGS);
    expect(both).toMatchObject({ endsOn: plusDays("2026-01-06", 60 + 58), leaveDays: 118 });
  });
});

describe("leave recorded while a year awaits its decision, beginning after its end", () => {
  it("leaves the year ended, so the panel can decide it", async () => {
    const assessor = await personIdOf("practitioner");
    // Started 400 days ago: twelve months that ended 35 days ago, with the final review recorded.
    const year = await endedYear(assessor, "E-AFTER-END-1");
    const { action } = await yearRoute();
    const recommendation = { intent: "recommendation", recommendation: "pass", note: "All evidence in." };
    expect((await run(action, await requestAs("practitioner", year.path, form(recommendation)), year.params)).status).toBe(303);
    const endsOn = (await yearById(year.yearId))!.schedule.endsOn;
    expect(endsOn <= today()).toBe(true);

    const leave = { intent: "leave", startsOn: plusDays(today(), -10), endsOn: plusDays(today(), 50), reason: "Parental leave" };
    expect((await run(action, await requestAs("manager", year.path, form(leave)), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.schedule.endsOn).toBe(endsOn);

    const decision = await asDecidedOnThePage(year, { intent: "decision", decision: "pass", decidedOn: today(), note: "Passed by the panel." }, "ld");
    const answer = await run(action, await requestAs("ld", year.path, form(decision)), year.params);
    expect(answer.status).toBe(303);
    expect((await yearById(year.yearId))!.year.decision).toBe("pass");
  });
});
