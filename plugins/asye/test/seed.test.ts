// The demo seed dates the ASYE years and the caseload weeks from London's today, as the pages count it:
// seeded just after midnight on a summer Monday, UTC's date is still Sunday. Seeded here into this file's
// own fresh database at that moment, through the real seed of every installed plugin.
import { beforeAll, describe, expect, it } from "vitest";
import { installedPlugins } from "../../../app/plugins.server";
import { db } from "../../../app/utils/db.server";
import { seed } from "../../../db/seed";
import { personIdOf } from "../../../tests/support/fixtures";
import { importedWeeks } from "../caseload/server/check.server";
import { asyeDb } from "../server/db.server";
import { DEFAULT_SETTINGS } from "../programme";
import { daysBetween, supervisionInterval } from "../server/schedule";

// 23:30 UTC on Sunday 5 July is 00:30 on Monday 6 July in London (BST).
const SEEDED_AT = new Date("2026-07-05T23:30:00Z");

beforeAll(async () => {
  await seed(db(), { scale: "demo", plugins: installedPlugins(), passwordHash: "not-for-signing-in", progress: () => undefined, now: SEEDED_AT });
});

describe("the demo seed just after midnight in summer time", () => {
  it("dates the ASYE years from London's today", async () => {
    const asyeYear = await asyeDb().selectFrom("asye_years").select("starts_on").where("person_id", "=", await personIdOf("asye")).executeTakeFirstOrThrow();
    // Four months before Monday 6 July.
    expect(asyeYear.starts_on).toBe("2026-03-06");
    const passed = await asyeDb().selectFrom("asye_years").select("decided_on").where("decision", "=", "pass").execute();
    // A week before Monday 6 July.
    expect(passed.map((y) => y.decided_on)).toEqual(["2026-06-29"]);
  });

  it("starts no ASYE year before its worker qualified, keeping the demo's years where they were", async () => {
    const years = await asyeDb().selectFrom("asye_years as y").innerJoin("people as p", "p.id", "y.person_id").select(["y.starts_on", "p.qualification_date", "y.recommendation", "y.decision"]).execute();
    expect(years.filter((y) => y.qualification_date === null || y.qualification_date > y.starts_on)).toEqual([]);
    // Still spread from the first month to past the end: one awaiting the decision and one passed, thirteen months ago.
    expect(years.filter((y) => y.starts_on === "2025-06-06").map((y) => [y.recommendation, y.decision])).toEqual(expect.arrayContaining([["pass", null], ["pass", "pass"]]));
    expect(years.some((y) => y.starts_on === "2026-06-06")).toBe(true);
  });

  it("spaces each year's seeded supervision by its worker's hours, as the gaps are measured", async () => {
    const years = await asyeDb().selectFrom("asye_years").select(["id", "starts_on", "fte"]).execute();
    const held = await asyeDb().selectFrom("asye_supervision").select(["year_id", "held_on"]).orderBy("held_on").execute();
    // No hours recorded is full time, as the schedule reads it.
    const partTime = years.filter((y) => (y.fte ?? 1) < 1);
    expect(partTime.length).toBeGreaterThan(0);
    const spacedOtherwise = years.flatMap((year) => {
      const dates = [year.starts_on, ...held.filter((s) => s.year_id === year.id).map((s) => s.held_on)];
      return dates.slice(1).filter((day, i) => daysBetween(dates[i], day) !== supervisionInterval(year.starts_on, dates[i], DEFAULT_SETTINGS, [], year.fte ?? 1)).map((day) => ({ year: year.id, fte: year.fte, day }));
    });
    expect(spacedOtherwise).toEqual([]);
  });

  it("makes last week, as London counts it, the latest week of caseload figures", async () => {
    // The week beginning Monday 29 June, just ended; not the one before it.
    expect(await importedWeeks(1)).toEqual(["2026-06-29"]);
  });
});
