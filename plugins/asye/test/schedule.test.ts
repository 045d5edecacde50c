// The ASYE year's calendar on given dates: its end (part-time and long leave stretch it), review due
// dates, the month the worker is in, evidence progress, and gaps in supervision.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../programme";
import { evidenceOutstanding, evidenceProgress, monthOfYear, plusMonths, supervisionGaps, supervisionInterval, yearSchedule } from "../server/schedule";

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
    expect(supervisionInterval("2026-01-05", "2026-02-01", DEFAULT_SETTINGS)).toBe(7);
    expect(supervisionInterval("2026-01-05", "2026-02-16", DEFAULT_SETTINGS)).toBe(14);
    expect(supervisionInterval("2026-01-05", "2026-07-05", DEFAULT_SETTINGS)).toBe(31);
  });

  it("flags a gap longer than expected (plus the grace days), and one still open today", () => {
    const sessions = ["2026-01-12", "2026-01-19", "2026-01-26", "2026-02-02", "2026-02-09", "2026-03-09", "2026-03-23"];
    expect(supervisionGaps("2026-01-05", sessions, "2026-04-20", DEFAULT_SETTINGS)).toEqual([
      { after: "2026-02-09", dueOn: "2026-02-16", until: "2026-03-09" },
      { after: "2026-03-23", dueOn: "2026-04-06", until: null },
    ]);
    // Ten days after a weekly session is within the grace; eleven is not.
    expect(supervisionGaps("2026-01-05", ["2026-01-12"], "2026-01-22", DEFAULT_SETTINGS)).toEqual([]);
    expect(supervisionGaps("2026-01-05", ["2026-01-12"], "2026-01-23", DEFAULT_SETTINGS)).toHaveLength(1);
    // Monthly after month six: 31 days plus grace is fine.
    expect(supervisionGaps("2026-01-05", ["2026-07-10"], "2026-08-13", DEFAULT_SETTINGS).filter((g) => g.after === "2026-07-10")).toEqual([]);
  });
});
