// The apprenticeship's rates and thresholds as data: defaults in code, L&D's changes in the core
// settings table (audited).
import type { Kysely } from "kysely";
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type ApprenticeshipSettings } from "../programme";
import { apprenticeshipDb, asHostDb, LEDGER_LOCK, type ApprenticeshipDatabase } from "./db.server";

export const apprenticeshipSettings = () => readSettings<ApprenticeshipSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

/**
 * The settings as they stand in a transaction: a check made under a lock (the ledger's) reads them there,
 * not from a copy read before the lock was taken, which a change saved in between would have outdated.
 */
export async function apprenticeshipSettingsIn(executor: Kysely<ApprenticeshipDatabase>): Promise<ApprenticeshipSettings> {
  const rows = await executor.selectFrom("settings").select(["key", "value_json"]).where("key", "like", `${PLUGIN_ID}.%`).execute();
  const stored = new Map(rows.map((r) => [r.key.slice(PLUGIN_ID.length + 1), JSON.parse(r.value_json) as unknown]));
  return Object.fromEntries(Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, stored.has(k) ? stored.get(k) : v])) as ApprenticeshipSettings;
}

/**
 * Saved under the ledger's lock: the funding band cap and the levy's rules are what a ledger entry is
 * checked against, so a change waits for an entry being checked, and the next entry is checked against it.
 */
export const saveApprenticeshipSettings = (values: ApprenticeshipSettings, actor: Actor) =>
  apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await holdTransactionLock(asHostDb(trx), LEDGER_LOCK);
      await writeSettings(PLUGIN_ID, values, actor, asHostDb(trx));
    });
