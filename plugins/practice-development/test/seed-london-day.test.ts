// The demo seed dates the briefings' rollouts and the audits from London's day, where the council is, not
// UTC's: seeded between midnight and 1am in summer, UTC's date is still yesterday and every date came out a
// day early.
import { describe, expect, it } from "vitest";
import { seedJustAfterLondonMidnight } from "../../../tests/support/london-midnight";
import { auditDb } from "../server/audits/db.server";

seedJustAfterLondonMidnight();

describe("seeding practice development just after midnight in British Summer Time", () => {
  it("dates the permanence rollout from London's day", async () => {
    const rollout = await auditDb()
      .selectFrom("practice_development_rollouts as r")
      .innerJoin("practice_development_briefings as b", "b.id", "r.briefing_id")
      .select(["r.starts_on", "r.due_on"])
      .where("b.title", "=", "Permanence")
      .executeTakeFirstOrThrow();
    // Started 60 days before London's 2 July, due 30 days after it.
    expect(rollout).toEqual({ starts_on: "2026-05-03", due_on: "2026-08-01" });
  });

  it("dates the audits from London's day", async () => {
    const audit = await auditDb().selectFrom("practice_development_audits").select("held_on").where("title", "=", "Supervision quality, autumn").executeTakeFirstOrThrow();
    // Held 20 days before London's 2 July.
    expect(audit.held_on).toBe("2026-06-12");
  });
});
