// The demo seed dates the briefings' rollouts and the audits from London's day, where the council is, not
// UTC's: seeded between midnight and 1am in summer, UTC's date is still yesterday and every date came out a
// day early.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedDemo } from "../../../tests/support/fixtures";
import { auditDb } from "../server/audits/db.server";

beforeAll(async () => {
  // 23:30 UTC on 1 July is 00:30 on 2 July in London. Only the clock is fixed: timers run as usual.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-07-01T23:30:00Z"));
  await seedDemo();
});

afterAll(() => {
  vi.useRealTimers();
});

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
