// The demo seed dates the assessment windows and the journey from London's day, where the council is, not
// UTC's: seeded between midnight and 1am in summer, UTC's date is still yesterday and every date came out a
// day early.
import { describe, expect, it } from "vitest";
import { seedJustAfterLondonMidnight } from "../../../tests/support/london-midnight";
import { naasDb } from "../server/db.server";

seedJustAfterLondonMidnight();

describe("seeding NAAS just after midnight in British Summer Time", () => {
  it("dates the next assessment window from London's day", async () => {
    const windows = await naasDb().selectFrom("naas_windows").select(["knowledge_on", "practice_on"]).where("track", "=", "practitioner").orderBy("knowledge_on").execute();
    // The next window's knowledge test is 45 days after London's 2 July, its practice day a week later.
    expect(windows[1]).toEqual({ knowledge_on: "2026-08-16", practice_on: "2026-08-23" });
  });
});
