// For the tests that check a seed dates its demo data from London's day, where the council is: between
// midnight and 1am in British Summer Time, UTC's date is still yesterday.
import { afterAll, beforeAll, vi } from "vitest";
import { seedDemo } from "./fixtures";

/** 23:30 UTC on 1 July: 00:30 on 2 July in London. */
export const JUST_AFTER_LONDON_MIDNIGHT = new Date("2026-07-01T23:30:00Z");

/** Fixes the clock just after London's midnight in summer (Date only: timers run as usual) and seeds the demo then. */
export function seedJustAfterLondonMidnight() {
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(JUST_AFTER_LONDON_MIDNIGHT);
    await seedDemo();
  });
  afterAll(() => {
    vi.useRealTimers();
  });
}
