import { type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The counts and intervals as they were when this migration was written (programme.ts DEFAULT_SETTINGS),
 * copied so the migration means the same whatever the code's defaults become. The nine-month review is
 * kept in its own column (0007).
 */
const DEFAULTS: Record<string, number> = {
  directObservations: 3,
  familyFeedback: 3,
  professionalFeedback: 3,
  writtenReports: 3,
  weeklySupervisionWeeks: 6,
  fortnightlyUntilMonth: 6,
  supervisionGraceDays: 3,
  longLeaveDays: 28,
};

/** Settings are kept as JSON under the plugin's prefix ("asye.directObservations"). */
const PREFIX = "asye.";

/**
 * The evidence counts, supervision cadence and long-leave threshold a year keeps from its start, as JSON:
 * L&D raising the observations needed no longer makes a worker who had finished theirs outstanding again,
 * nor does changing the cadence open or close gaps in a year's past. The years before it get the settings
 * as they stand, so each shows what it showed the day before.
 */
export const yearSettings: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("asye_years")
      .addColumn("settings_json", "text", (c) => c.notNull().defaultTo("{}"))
      .execute();
    const rows: { key: string; value_json: string }[] = await db
      .selectFrom("settings")
      .select(["key", "value_json"])
      .where("key", "in", Object.keys(DEFAULTS).map((k) => PREFIX + k))
      .execute();
    const stored = new Map(rows.map((r) => [r.key.slice(PREFIX.length), JSON.parse(r.value_json) as unknown]));
    // As the app reads them: a key saved is taken as saved, one never saved is the default.
    const now = Object.fromEntries(Object.entries(DEFAULTS).map(([k, v]) => [k, stored.has(k) ? stored.get(k) : v]));
    await db.updateTable("asye_years").set({ settings_json: JSON.stringify(now) }).execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("asye_years").dropColumn("settings_json").execute();
  },
};
