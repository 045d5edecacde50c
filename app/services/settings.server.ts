// Rules and thresholds kept as data with defaults in code, changed by L&D or admins, and audited.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "../utils/db.server";
import { forgetInRequest, readOncePerRequest } from "../utils/request-memo.server";
import { withinTransaction } from "../utils/within-transaction.server";
import { recordAudit, type Actor } from "./audit.server";

// The whole table in one read a request: its keys are the rules the code defines (a few dozen at most),
// and /me asked for five plugins' settings, each by prefix, a round trip each on PostgreSQL.
const allSettings = () => readOncePerRequest("settings:all", () => db().selectFrom("settings").select(["key", "value_json"]).execute());

export async function readSettings<T extends Record<string, unknown>>(prefix: string, defaults: T): Promise<T> {
  return withDefaults(await allSettings(), prefix, defaults);
}

/**
 * The settings under a prefix as they stand in a transaction, read afresh: a check made under a lock
 * reads them there, not from a copy read before the lock was taken, which a change saved in between
 * would have outdated.
 */
export async function readSettingsIn<T extends Record<string, unknown>>(executor: Kysely<Database>, prefix: string, defaults: T): Promise<T> {
  return withDefaults(await executor.selectFrom("settings").select(["key", "value_json"]).where("key", "like", `${prefix}.%`).execute(), prefix, defaults);
}

function withDefaults<T extends Record<string, unknown>>(rows: { key: string; value_json: string }[], prefix: string, defaults: T): T {
  const stored = Object.fromEntries(rows.filter((r) => r.key.startsWith(`${prefix}.`)).map((r) => [r.key.slice(prefix.length + 1), JSON.parse(r.value_json)]));
  return Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, k in stored ? stored[k] : v])) as T;
}

/**
 * Saves settings under a prefix, each change audited with it. A page that saves something of its own with
 * them (Level 5's units) passes its transaction, so the form is kept whole or not at all.
 */
export async function writeSettings(prefix: string, values: Record<string, unknown>, actor: Actor, executor: Kysely<Database> = db()) {
  const now = new Date().toISOString();
  const write = async (trx: Kysely<Database>) => {
    for (const [key, value] of Object.entries(values)) {
      const full = `${prefix}.${key}`;
      const before = await trx.selectFrom("settings").select("value_json").where("key", "=", full).executeTakeFirst();
      const json = JSON.stringify(value);
      if (before?.value_json === json) continue;
      await trx.insertInto("settings").values({ key: full, value_json: json, updated_at: now }).onConflict((oc) => oc.column("key").doUpdateSet({ value_json: json, updated_at: now })).execute();
      await recordAudit(actor, { action: "setting.changed", subjectType: "setting", subjectId: full, before: before ? JSON.parse(before.value_json) : undefined, after: value }, trx);
    }
  };
  await withinTransaction(executor, write);
  forgetInRequest("settings:");
}
