import { sql, type Kysely, type Migration } from "kysely";
import { check } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The setting as L&D saved it (settings are kept as JSON under the plugin's prefix); absent, the default: off. */
const SETTING_KEY = "asye.ninthMonthReview";

/**
 * Whether a year has a review at nine months, fixed when it starts: switching the setting on no longer gives
 * every running year a review already overdue, nor does switching it off hide the nine-month reviews
 * recorded. Existing years keep what they show today (the setting as it stands), and any year with a
 * nine-month review recorded keeps its ninth month, so no review recorded is hidden.
 */
export const yearNinthMonthReview: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .alterTable("asye_years")
      .addColumn("ninth_month_review", "integer", (c) => c.notNull().defaultTo(0).check(check("ninth_month_review in (0, 1)")))
      .execute();
    const setting: { value_json: string } | undefined = await db.selectFrom("settings").select("value_json").where("key", "=", SETTING_KEY).executeTakeFirst();
    const onNow = setting !== undefined && Boolean(JSON.parse(setting.value_json));
    const ninthRecorded = sql<boolean>`exists (select 1 from asye_reviews r where r.year_id = asye_years.id and r.review_month = 9)`;
    await db
      .updateTable("asye_years")
      .set({ ninth_month_review: 1 })
      .where(onNow ? sql<boolean>`1 = 1` : ninthRecorded)
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("asye_years").dropColumn("ninth_month_review").execute();
  },
};
