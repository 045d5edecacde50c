// The ASYE year's calendar on given dates: its end (part-time and long leave stretch it), review due
// dates, the month the worker is in, evidence progress, and gaps in supervision.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../programme";
import { evidenceOutstanding, evidenceProgress, monthOfYear, plusMonths, plusWorkingDays, supervisionGaps, supervisionInterval, workingDaysBetween, yearSchedule } from "../server/schedule";

const fullTime = { startsOn: "2026-01-05", fte: 1, leave: [], extensionWeeks: 0 };

describe("the year's dates", () => {
  it("ends twelve months after the start for a full-time worker, with reviews at 3, 6 and 12 months", () => {
    const schedule = yearSchedule(fullTime, DEFAULT_SETTINGS);
    expect(schedule.endsOn).toBe("2027-01-05");
    expect(schedule.reviews).toEqual([
      { month: 3, dueOn: "2026-04-06" },
      { month: 6, dueOn: "2026-07-07" },
      { month: 12, dueOn: "2027-01-05" },
    ]);
  });

  it("adds a nine-month review where the council's setting asks for one", () => {
    const schedule = yearSchedule(fullTime, { ...DEFAULT_SETTINGS, ninthMonthReview: 1 });
    expect(schedule.reviews.map((r) => r.month)).toEqual([3, 6, 9, 12]);
    expect(schedule.reviews[2].dueOn).toBe("2026-10-06");
  });

  it("stretches pro rata for part-time work: at 0.5 FTE the year takes two, and its reviews move with it", () => {
    const schedule = yearSchedule({ ...fullTime, fte: 0.5 }, DEFAULT_SETTINGS);
    expect(schedule.endsOn).toBe("2028-01-05");
    expect(schedule.partTimeDays).toBe(365);
    expect(schedule.reviews[0]).toEqual({ month: 3, dueOn: "2026-07-07" });
    expect(yearSchedule({ ...fullTime, fte: 0.8 }, DEFAULT_SETTINGS).endsOn).toBe("2027-04-06");
  });

  it("adds long leave (at or over the threshold) by its length, and ignores short absences", () => {
    const leave = [
      { starts_on: "2026-03-02", ends_on: "2026-03-31" },
      { starts_on: "2026-05-11", ends_on: "2026-05-20" },
    ];
    const schedule = yearSchedule({ ...fullTime, leave }, DEFAULT_SETTINGS);
    expect(schedule.leaveDays).toBe(30);
    expect(schedule.endsOn).toBe("2027-02-04");
    expect(yearSchedule({ ...fullTime, leave }, { ...DEFAULT_SETTINGS, longLeaveDays: 10 }).leaveDays).toBe(40);
  });

  it("counts only leave from the year's start, and overlapping periods once", () => {
    const leave = [
      { starts_on: "2000-01-01", ends_on: "2025-12-31" }, // before the year: nothing
      { starts_on: "2025-12-20", ends_on: "2026-01-14" }, // only 5 to 14 January: 10 days, short
      { starts_on: "2026-03-02", ends_on: "2026-03-20" },
      { starts_on: "2026-03-10", ends_on: "2026-03-31" }, // overlaps the one before: 2 to 31 March, 30 days
    ];
    expect(yearSchedule({ ...fullTime, leave }, DEFAULT_SETTINGS).leaveDays).toBe(30);
  });

  it("adds an extension's weeks to the end, where the final review then falls", () => {
    const schedule = yearSchedule({ ...fullTime, extensionWeeks: 4 }, DEFAULT_SETTINGS);
    expect(schedule.endsOn).toBe("2027-02-02");
    expect(schedule.reviews.at(-1)).toEqual({ month: 12, dueOn: "2027-02-02" });
    expect(schedule.reviews[0].dueOn).toBe("2026-04-06");
  });

  it("says which month of twelve the worker is in", () => {
    const schedule = yearSchedule(fullTime, DEFAULT_SETTINGS);
    expect(monthOfYear("2026-01-05", schedule, "2026-01-04")).toBe(0);
    expect(monthOfYear("2026-01-05", schedule, "2026-01-05")).toBe(1);
    expect(monthOfYear("2026-01-05", schedule, "2026-05-10")).toBe(5);
    expect(monthOfYear("2026-01-05", schedule, "2027-03-01")).toBe(12);
    expect(monthOfYear("2026-01-05", yearSchedule({ ...fullTime, fte: 0.5 }, DEFAULT_SETTINGS), "2026-05-10")).toBe(3);
  });

  it("keeps month ends in range", () => {
    expect(plusMonths("2026-01-31", 1)).toBe("2026-02-28");
    expect(plusMonths("2026-03-15", -4)).toBe("2025-11-15");
  });
});

describe("evidence", () => {
  it("counts each kind against what the settings ask for and lists what is outstanding", () => {
    const progress = evidenceProgress({ direct_observation: 3, family_feedback: 1, reflection_6: 1 }, DEFAULT_SETTINGS);
    expect(progress.find((p) => p.kind === "direct_observation")).toEqual({ kind: "direct_observation", required: 3, recorded: 3 });
    expect(evidenceOutstanding(progress).map((p) => p.kind)).toEqual(["family_feedback", "professional_feedback", "written_report", "reflection_12"]);
    expect(evidenceOutstanding(evidenceProgress({ direct_observation: 2 }, { ...DEFAULT_SETTINGS, directObservations: 2, familyFeedback: 0, professionalFeedback: 0, writtenReports: 0 })).map((p) => p.kind)).toEqual(["reflection_6", "reflection_12"]);
  });
});

describe("supervision", () => {
  it("is expected weekly at first, then fortnightly, then monthly", () => {
    expect(supervisionInterval("2026-01-05", "2026-02-01", DEFAULT_SETTINGS, [])).toBe(7);
    expect(supervisionInterval("2026-01-05", "2026-02-16", DEFAULT_SETTINGS, [])).toBe(14);
    expect(supervisionInterval("2026-01-05", "2026-07-05", DEFAULT_SETTINGS, [])).toBe(31);
  });

  it("flags a gap longer than expected (plus the grace days), and one still open today", () => {
    const sessions = ["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-03-09", "2026-03-23"];
    expect(supervisionGaps("2026-01-05", sessions, "2026-04-20", DEFAULT_SETTINGS, [])).toEqual([
      { after: "2026-02-09", dueOn: "2026-02-16", until: "2026-03-09" },
      { after: "2026-03-23", dueOn: "2026-04-06", until: null },
    ]);
    // Ten days after a weekly session is within the grace; eleven is not.
    expect(supervisionGaps("2026-01-05", ["2026-01-12"], "2026-01-22", DEFAULT_SETTINGS, [])).toEqual([]);
    expect(supervisionGaps("2026-01-05", ["2026-01-12"], "2026-01-23", DEFAULT_SETTINGS, [])).toHaveLength(1);
    // Monthly after month six: 31 days plus grace is fine.
    expect(supervisionGaps("2026-01-05", ["2026-07-10"], "2026-08-13", DEFAULT_SETTINGS, []).filter((g) => g.after === "2026-07-10")).toEqual([]);
  });
});

describe("long leave is not working time", () => {
  // The reviewer's example: a full-time year from 1 January 2025 with six months' leave from 15 January (181 days).
  const onLeave = { startsOn: "2025-01-01", fte: 1, leave: [{ starts_on: "2025-01-15", ends_on: "2025-07-14" }], extensionWeeks: 0 };
  const noLeave = { ...onLeave, leave: [] };

  it("moves a review due after the leave began on by the leave's length, and ends the year as long after", () => {
    expect(yearSchedule(noLeave, DEFAULT_SETTINGS).reviews).toEqual([
      { month: 3, dueOn: "2025-04-02" },
      { month: 6, dueOn: "2025-07-03" },
      { month: 12, dueOn: "2026-01-01" },
    ]);
    const schedule = yearSchedule(onLeave, DEFAULT_SETTINGS);
    expect(schedule.leaveDays).toBe(181);
    expect(schedule.workingDays).toBe(365);
    // Not 18 May, in the middle of the leave: 91 days worked, 14 before it and 77 after.
    expect(schedule.reviews).toEqual([
      { month: 3, dueOn: "2025-09-30" },
      { month: 6, dueOn: "2025-12-31" },
      { month: 12, dueOn: "2026-07-01" },
    ]);
    expect(workingDaysBetween("2025-01-01", "2025-09-30", schedule.longLeave)).toBe(91);
  });

  it("leaves a review due before the leave where it was, and ignores leave under the threshold", () => {
    const later = yearSchedule({ ...onLeave, leave: [{ starts_on: "2025-05-01", ends_on: "2025-06-30" }] }, DEFAULT_SETTINGS);
    expect(later.reviews.map((r) => r.dueOn)).toEqual(["2025-04-02", "2025-09-02", "2026-03-03"]);
    // A leave that begins on the day a review falls moves it too: the worker is away that day.
    expect(yearSchedule({ ...onLeave, leave: [{ starts_on: "2025-04-02", ends_on: "2025-05-31" }] }, DEFAULT_SETTINGS).reviews[0].dueOn).toBe("2025-06-01");
    const short = yearSchedule({ ...onLeave, leave: [{ starts_on: "2025-02-01", ends_on: "2025-02-10" }] }, DEFAULT_SETTINGS);
    expect(short.reviews).toEqual(yearSchedule(noLeave, DEFAULT_SETTINGS).reviews);
  });

  it("keeps the part-time stretch, adding leave on top", () => {
    const half = yearSchedule({ ...onLeave, fte: 0.5 }, DEFAULT_SETTINGS);
    expect(half.workingDays).toBe(730);
    // 182.5 days worked rounds to 183: 14 before the leave, 169 after it.
    expect(half.reviews[0]).toEqual({ month: 3, dueOn: "2025-12-31" });
    expect(half.endsOn).toBe("2027-07-01");
  });

  it("counts the month the worker is in on the days worked, so back from leave they are in month 1", () => {
    expect(monthOfYear("2025-01-01", yearSchedule(onLeave, DEFAULT_SETTINGS), "2025-07-15")).toBe(1);
    expect(monthOfYear("2025-01-01", yearSchedule(onLeave, DEFAULT_SETTINGS), "2025-05-01")).toBe(1);
    expect(monthOfYear("2025-01-01", yearSchedule(onLeave, DEFAULT_SETTINGS), "2025-10-01")).toBe(4);
    expect(monthOfYear("2025-01-01", yearSchedule(onLeave, DEFAULT_SETTINGS), "2026-07-01")).toBe(12);
    expect(monthOfYear("2025-01-01", yearSchedule(onLeave, DEFAULT_SETTINGS), "2024-12-31")).toBe(0);
    // Without leave, as before: the share of the calendar year.
    expect(monthOfYear("2025-01-01", yearSchedule(noLeave, DEFAULT_SETTINGS), "2025-07-15")).toBe(7);
  });

  it("counts no gap in supervision across the leave, and moves one due during it to after", () => {
    const { longLeave } = yearSchedule(onLeave, DEFAULT_SETTINGS);
    const sessions = ["2025-01-08", "2025-01-14", "2025-07-21", "2025-07-28"];
    expect(supervisionGaps("2025-01-01", sessions, "2025-08-04", DEFAULT_SETTINGS, longLeave)).toEqual([]);
    // On leave today, the last session the day before it began: nothing overdue.
    expect(supervisionGaps("2025-01-01", ["2025-01-08", "2025-01-14"], "2025-05-01", DEFAULT_SETTINGS, longLeave)).toEqual([]);
    // A session due two days into the leave is due a week's work after the last: on the sixth day back.
    expect(supervisionGaps("2025-01-01", ["2025-01-06", "2025-01-13"], "2025-08-01", DEFAULT_SETTINGS, longLeave)).toEqual([{ after: "2025-01-13", dueOn: "2025-07-20", until: null }]);
    // Back after a week's work, still weekly: the first six weeks are weeks worked.
    expect(supervisionInterval("2025-01-01", "2025-07-21", DEFAULT_SETTINGS, longLeave)).toBe(7);
    expect(supervisionInterval("2025-01-01", "2025-07-21", DEFAULT_SETTINGS, [])).toBe(31);
    // Without the leave, the same sessions leave a gap across it, as the calendar has it.
    expect(supervisionGaps("2025-01-01", sessions, "2025-08-04", DEFAULT_SETTINGS, [])).toEqual([{ after: "2025-01-14", dueOn: "2025-01-21", until: "2025-07-21" }]);
  });

  it("counts working days from a day on leave, as from one before it", () => {
    const leave = [{ starts_on: "2025-03-01", ends_on: "2025-03-31" }];
    expect(plusWorkingDays("2025-03-10", 7, leave)).toBe("2025-04-08");
    expect(workingDaysBetween("2025-03-10", "2025-04-08", leave)).toBe(7);
    // Four days worked before it, three after.
    expect(plusWorkingDays("2025-02-25", 7, leave)).toBe("2025-04-04");
    expect(plusWorkingDays("2025-02-20", 7, leave)).toBe("2025-02-27");
  });
});
