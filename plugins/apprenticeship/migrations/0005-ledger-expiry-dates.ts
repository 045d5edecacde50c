import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The setting as L&D saved it (settings are kept as JSON under the plugin's prefix); absent, the default then. */
const SETTING_KEY = "apprenticeship.expiryMonths";
const DEFAULT_EXPIRY_MONTHS = 24;

/**
 * The date arithmetic as it stood when this migration was written (server/ledger.server.ts `addMonths`),
 * kept here so a later change to the app's code cannot change what this migration does on a fresh database:
 * the same day `months` later, or that month's last day when it is shorter.
 */
function addMonths(iso: string, months: number) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, lastDay));
  return date.toISOString().slice(0, 10);
}

/** Money in: levy and its government top-up (and the reversals of either, which share their kind and date). */
const MONEY_IN = ["levy", "top_up"];

/**
 * Each row of money in keeps the day its funds expire (`expires_on`), written with it from the expiry
 * setting in force when it is recorded (server/ledger.server.ts): the account read every row by today's
 * setting, so changing it from 24 months to 12 expired funds paid in long before, or brought expired funds
 * back. Money out has no expiry and keeps null. Rows already written are given the date the setting as it
 * stands now gives them, the best that is known (what was in force when each was paid in is not kept), so
 * the account reads as it did the day before. A reversal gets the same date as the row it reverses (same
 * kind and day), so summed together the two still come to nothing. One update a day money came in: a few
 * a month at most.
 */
export const ledgerExpiryDates: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("apprenticeship_ledger").addColumn("expires_on", "text").execute();
    const setting: { value_json: string } | undefined = await db.selectFrom("settings").select("value_json").where("key", "=", SETTING_KEY).executeTakeFirst();
    const months = setting ? Number(JSON.parse(setting.value_json)) : DEFAULT_EXPIRY_MONTHS;
    const days: { occurred_on: string }[] = await db.selectFrom("apprenticeship_ledger").select("occurred_on").distinct().where("kind", "in", MONEY_IN).execute();
    for (const { occurred_on } of days) {
      await db.updateTable("apprenticeship_ledger").set({ expires_on: addMonths(occurred_on, months) }).where("occurred_on", "=", occurred_on).where("kind", "in", MONEY_IN).execute();
    }
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("apprenticeship_ledger").dropColumn("expires_on").execute();
  },
};
