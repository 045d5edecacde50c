// The apprenticeship's rates and thresholds as data: defaults in code, L&D's changes in the core
// settings table (audited).
import type { Kysely } from "kysely";
import { readSettings, readSettingsIn, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type ApprenticeshipSettings } from "../programme";
import { apprenticeshipDb, asHostDb, LEDGER_LOCK, type ApprenticeshipDatabase } from "./db.server";

export const apprenticeshipSettings = () => readSettings<ApprenticeshipSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

/** The settings as they stand in a transaction (the ledger's checks read them under its lock). */
export const apprenticeshipSettingsIn = (executor: Kysely<ApprenticeshipDatabase>) => readSettingsIn<ApprenticeshipSettings>(asHostDb(executor), PLUGIN_ID, DEFAULT_SETTINGS);

/**
 * Saved under the ledger's lock: the funding band cap and the levy's rules are what a ledger entry is
 * checked against, so a change waits for an entry being checked, and the next entry is checked against it.
 * The expiry months are written with each levy and top-up as the day they expire: a change applies to
 * money paid in after it, never to what the account already holds.
 */
export const saveApprenticeshipSettings = (values: ApprenticeshipSettings, actor: Actor) =>
  apprenticeshipDb()
    .transaction()
    .execute(async (trx) => {
      await holdTransactionLock(asHostDb(trx), LEDGER_LOCK);
      await writeSettings(PLUGIN_ID, values, actor, asHostDb(trx));
    });
