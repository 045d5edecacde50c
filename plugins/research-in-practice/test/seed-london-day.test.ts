// The demo seed dates the runs from London's day, where they take place, not UTC's: seeded between
// midnight and 1am in summer, UTC's date is still yesterday and every run came out a day early.
import { describe, expect, it } from "vitest";
import { JUST_AFTER_LONDON_MIDNIGHT, seedJustAfterLondonMidnight } from "../../../tests/support/london-midnight";
import type { SeedContext } from "../../sdk";
import { ripDb } from "../server/db.server";
import { sampleCourses } from "../server/sample-feed.server";
import { seedResearchInPracticeHistory } from "../server/seed-history.server";

seedJustAfterLondonMidnight();

const runs = (ids: string) =>
  ripDb().selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["c.starts_on", "c.ends_on"]).where("r.id", "like", ids).orderBy("c.starts_on", "desc");

describe("seeding Research in Practice just after midnight in British Summer Time", () => {
  it("dates the sample catalogue's runs from London's day", async () => {
    // The next voice-of-the-child run is 20 days after London's 2 July.
    expect(await runs("voice-next").executeTakeFirstOrThrow()).toEqual({ starts_on: "2026-07-22", ends_on: "2026-07-22" });
  });

  it("serves the sample feed's runs dated from London's day, as the demo's sync reads them", () => {
    const voice = sampleCourses(JUST_AFTER_LONDON_MIDNIGHT).flatMap((c) => c.runs).find((r) => r.id === "voice-next")!;
    expect([voice.startsOn, voice.endsOn]).toEqual(["2026-07-22", "2026-07-22"]);
  });

  it("counts the larger scales' quarters back from London's month", async () => {
    // 23:30 UTC on 30 June is already 1 July in London: the latest quarter's runs are three months before July.
    await seedResearchInPracticeHistory({ progress: () => undefined } as unknown as SeedContext, ripDb(), new Date("2026-06-30T23:30:00Z"));
    expect((await runs("history-%").executeTakeFirstOrThrow()).starts_on).toBe("2026-04-10");
  });
});
