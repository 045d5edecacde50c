// Rules and thresholds kept as data with defaults in code, changed by L&D or admins, and audited.
import { db } from "../utils/db.server";
import { forgetInRequest, readOncePerRequest } from "../utils/request-memo.server";
import { recordAudit, type Actor } from "./audit.server";

// The whole table in one read a request: its keys are the rules the code defines (a few dozen at most),
// and /me asked for five plugins' settings, each by prefix, a round trip each on PostgreSQL.
const allSettings = () => readOncePerRequest("settings:all", () => db().selectFrom("settings").select(["key", "value_json"]).execute());

export async function readSettings<T extends Record<string, unknown>>(prefix: string, defaults: T): Promise<T> {
  const rows = (await allSettings()).filter((r) => r.key.startsWith(`${prefix}.`));
  const stored = Object.fromEntries(rows.map((r) => [r.key.slice(prefix.length + 1), JSON.parse(r.value_json)]));
  return Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, k in stored ? stored[k] : v])) as T;
}

export async function writeSettings(prefix: string, values: Record<string, unknown>, actor: Actor) {
  const now = new Date().toISOString();
  await db()
    .transaction()
    .execute(async (trx) => {
      for (const [key, value] of Object.entries(values)) {
        const full = `${prefix}.${key}`;
        const before = await trx.selectFrom("settings").select("value_json").where("key", "=", full).executeTakeFirst();
        const json = JSON.stringify(value);
        if (before?.value_json === json) continue;
        await trx.insertInto("settings").values({ key: full, value_json: json, updated_at: now }).onConflict((oc) => oc.column("key").doUpdateSet({ value_json: json, updated_at: now })).execute();
        await recordAudit(actor, { action: "setting.changed", subjectType: "setting", subjectId: full, before: before ? JSON.parse(before.value_json) : undefined, after: value }, trx);
      }
    });
  forgetInRequest("settings:");
}
