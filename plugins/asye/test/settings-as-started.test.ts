// The ASYE's counts and intervals apply to the years started after L&D changes them: a year keeps those in
// force when it started, so raising the direct observations needed makes no worker who had finished theirs
// outstanding again, and a longer grace before a gap closes no gap in a running year's past. Migration 0009
// gave the years before it the settings as they stood. Through the real routes on a migrated database.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { yearSettings } from "../migrations/0009-year-settings";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { form, newAsyeWorker, startYearFor, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

const RULES = { ninthMonthReview: "0", directObservations: "3", familyFeedback: "3", professionalFeedback: "3", writtenReports: "3", weeklySupervisionWeeks: "6", fortnightlyUntilMonth: "6", supervisionGraceDays: "3", longLeaveDays: "28" };

/** Saves the rules on the settings page, as L&D. */
async function saveRules(changes: Partial<typeof RULES>) {
  const settings = await import("../routes/settings");
  const saved = await run(settings.action, await requestAs("ld", "/programmes/asye/settings", form({ ...RULES, ...changes })));
  expect(saved.status).toBe(303);
}

afterAll(() => saveRules({}));

const observations = async (yearId: number) => {
  const picture = (await yearById(yearId))!;
  const observed = picture.evidence.find((e) => e.kind === "direct_observation")!;
  return { required: observed.required, outstanding: picture.outstanding.some((e) => e.kind === "direct_observation") };
};

describe("the counts and intervals", () => {
  it("change the years started after L&D changes them, not those under way", async () => {
    await saveRules({});
    const assessor = await personIdOf("practitioner");
    const before = await startYearFor(assessor, 100, await newAsyeWorker("E-RULES-1"));
    const { action } = await yearRoute();
    const post = async (fields: Record<string, string>) => expect((await run(action, await requestAs("manager", before.path, form(fields)), before.params)).status, JSON.stringify(fields)).toBe(303);
    for (const n of [1, 2, 3]) await post({ intent: "evidence", kind: "direct_observation", occurredOn: plusDays(today(), -90 + n), title: `Observed home visit ${n}` });
    // Twelve days between the first sessions, in the weekly weeks: more than the week and its 3 days' grace.
    for (const daysAgo of [99, 87]) await post({ intent: "supervision", heldOn: plusDays(today(), -daysAgo) });
    const gapsBefore = (await yearById(before.yearId))!.gaps;
    expect(gapsBefore[0]).toMatchObject({ after: plusDays(today(), -99), until: plusDays(today(), -87) });
    expect(await observations(before.yearId)).toEqual({ required: 3, outstanding: false });

    await saveRules({ directObservations: "4", supervisionGraceDays: "7" });

    // The year under way keeps its three observations, done, and the gap in its past.
    expect(await observations(before.yearId)).toEqual({ required: 3, outstanding: false });
    expect((await yearById(before.yearId))!.gaps).toEqual(gapsBefore);
    const kept = await asyeDb().selectFrom("asye_years").select("settings_json").where("id", "=", before.yearId).executeTakeFirstOrThrow();
    expect(JSON.parse(kept.settings_json)).toMatchObject({ directObservations: 3, supervisionGraceDays: 3 });

    // A year started after the change needs four, and gives the longer grace.
    const after = await startYearFor(assessor, 100, await newAsyeWorker("E-RULES-2"));
    expect(await observations(after.yearId)).toEqual({ required: 4, outstanding: true });
    for (const daysAgo of [99, 87]) expect((await run(action, await requestAs("manager", after.path, form({ intent: "supervision", heldOn: plusDays(today(), -daysAgo) })), after.params)).status).toBe(303);
    expect((await yearById(after.yearId))!.gaps.find((g) => g.after === plusDays(today(), -99))).toBeUndefined();

    // Starting the year is audited with the rules it keeps.
    const started = await db().selectFrom("audit_events").select("after_json").where("action", "=", "asye.year.started").where("person_id", "=", after.personId).executeTakeFirstOrThrow();
    expect(JSON.parse(started.after_json!).settings).toMatchObject({ directObservations: 4, supervisionGraceDays: 7, ninthMonthReview: 0 });
  });
});

describe("migration 0009", () => {
  const setting = (key: string, value: number) =>
    sql`insert into settings (key, value_json, updated_at) values (${`asye.${key}`}, ${JSON.stringify(value)}, ${new Date().toISOString()}) on conflict (key) do update set value_json = excluded.value_json`.execute(db());

  it("gives the years before it the settings as they stood, the defaults for any never saved", async () => {
    await saveRules({});
    const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-RULES-MIGRATION-1"));
    await yearSettings.down!(db());
    await setting("directObservations", 5);
    await setting("longLeaveDays", 40);
    await db().deleteFrom("settings").where("key", "=", "asye.writtenReports").execute();

    await yearSettings.up(db());

    const years = await asyeDb().selectFrom("asye_years").select("settings_json").execute();
    expect(years.length).toBeGreaterThan(1);
    for (const y of years) expect(JSON.parse(y.settings_json)).toEqual({ directObservations: 5, familyFeedback: 3, professionalFeedback: 3, writtenReports: 3, weeklySupervisionWeeks: 6, fortnightlyUntilMonth: 6, supervisionGraceDays: 3, longLeaveDays: 40 });
    expect((await observations(year.yearId)).required).toBe(5);

    // A year without a key (as the seed writes them) takes the default.
    await asyeDb().updateTable("asye_years").set({ settings_json: "{}" }).where("id", "=", year.yearId).execute();
    expect((await observations(year.yearId)).required).toBe(3);
  });
});
