import { describe, expect, it } from "vitest";
import { londonToday, londonToUtc, utcToLondon } from "../../app/utils/london-time";

describe("London wall-clock time", () => {
  it("reads a UTC instant as London's date and time in winter (GMT) and in summer (BST)", () => {
    expect(utcToLondon("2026-01-15T09:30:00.000Z")).toEqual({ date: "2026-01-15", time: "09:30" });
    expect(utcToLondon("2026-07-15T09:30:00.000Z")).toEqual({ date: "2026-07-15", time: "10:30" });
  });

  it("crosses midnight into London's next day during summer time", () => {
    expect(utcToLondon("2026-06-30T23:30:00.000Z")).toEqual({ date: "2026-07-01", time: "00:30" });
    expect(londonToday(new Date("2026-11-30T23:30:00.000Z"))).toBe("2026-11-30");
    expect(londonToday(new Date("2026-05-31T23:30:00.000Z"))).toBe("2026-06-01");
  });

  it("turns a London date and time into the right UTC instant either side of the clocks changing", () => {
    // The clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(londonToUtc("2026-03-28", "09:30").toISOString()).toBe("2026-03-28T09:30:00.000Z");
    expect(londonToUtc("2026-03-30", "09:30").toISOString()).toBe("2026-03-30T08:30:00.000Z");
    expect(londonToUtc("2026-10-24", "09:30").toISOString()).toBe("2026-10-24T08:30:00.000Z");
    expect(londonToUtc("2026-10-26", "09:30").toISOString()).toBe("2026-10-26T09:30:00.000Z");
  });

  it("gives back the wall-clock time it was given, for many dates in a row (the formatters are reused)", () => {
    for (let day = 1; day <= 28; day++) {
      const date = `2026-${String((day % 12) + 1).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
      expect(utcToLondon(londonToUtc(date, "14:05").toISOString())).toEqual({ date, time: "14:05" });
    }
  });
});
