// Off-the-job hours a week by the rules for starts from August 2022: 6 hours for a full-time apprentice,
// contracted 30 hours a week or more, and 20% of contracted hours below that. Anyone under FTE 1 was taken
// as part time at 20% of their hours, so an apprentice on FTE 0.9 (33.3 hours) owed 6.67 hours a week, more
// than a full-timer's 6. The requirement never rises as the hours fall.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, type ApprenticeshipSettings } from "../programme";
import * as apprenticePage from "../routes/apprentices.$personId";
import { apprentices, weeklyRequirement } from "../server/progress.server";

/** FTE from 0.05 to 1.2, a hundredth at a time. */
const FTES = Array.from({ length: 116 }, (_, i) => Math.round((0.05 + i / 100) * 100) / 100);

function expectNeverFallsAsFteRises(settings: ApprenticeshipSettings) {
  const minutes = FTES.map((fte) => weeklyRequirement(fte, settings));
  minutes.slice(1).forEach((m, i) => expect(m, `FTE ${FTES[i]} to ${FTES[i + 1]}`).toBeGreaterThanOrEqual(minutes[i]));
}

describe("the weekly off-the-job minimum", () => {
  it("never falls as the contracted hours rise, and is 6 hours at 30 hours a week and above", () => {
    expectNeverFallsAsFteRises(DEFAULT_SETTINGS);
    for (const fte of FTES.filter((f) => f * DEFAULT_SETTINGS.fullTimeHours >= 30)) expect(weeklyRequirement(fte, DEFAULT_SETTINGS), `FTE ${fte}`).toBe(360);
    // FTE 0.9 is 33.3 hours: full time, 6 hours, not 20% of 33.3.
    expect(weeklyRequirement(0.9, DEFAULT_SETTINGS)).toBe(360);
    // Just under 30 hours (FTE 0.81, 29.97 hours): 20%, which meets the baseline there.
    expect(weeklyRequirement(0.81, DEFAULT_SETTINGS)).toBe(360);
    // Half time (18.5 hours): 20%, 3.7 hours.
    expect(weeklyRequirement(0.5, DEFAULT_SETTINGS)).toBe(222);
  });

  it("keeps to L&D's settings, still never owing more for fewer hours", () => {
    // Full time from 35 hours: 33.3 hours is part time, but 20% of it (6.67) would be more than a full-timer's 6.
    const from35 = { ...DEFAULT_SETTINGS, fullTimeFromHours: 35 };
    expectNeverFallsAsFteRises(from35);
    expect(weeklyRequirement(0.9, from35)).toBe(360);
    expect(weeklyRequirement(0.5, from35)).toBe(222);
    const tenPercent = { ...DEFAULT_SETTINGS, otjPartTimePercent: 10 };
    expectNeverFallsAsFteRises(tenPercent);
    expect(weeklyRequirement(0.5, tenPercent)).toBe(111);
    expect(weeklyRequirement(0.9, tenPercent)).toBe(360);
  });
});

describe("an apprentice on FTE 0.9", () => {
  beforeAll(seedDemo);

  it("is shown the full-time minimum on their page", async () => {
    const [apprentice] = await apprentices();
    await db().updateTable("people").set({ fte: 0.9 }).where("id", "=", apprentice.personId).execute();
    const path = `/programmes/apprenticeship/apprentices/${apprentice.personId}`;
    const page = await run(apprenticePage.loader, await requestAs("ld", path), { personId: String(apprentice.personId) });
    expect((page.data as { otj: { weekly: string } }).otj.weekly).toBe("6 hours a week");
    expect((await apprentices([apprentice.personId]))[0].compliance.requiredPerWeek).toBe(360);
  });
});
