// Switching a programme plugin on or off, audited.
import { db } from "../utils/db.server";
import { forgetInRequest } from "../utils/request-memo.server";
import { recordAudit, type Actor } from "./audit.server";

/** The key under which a request keeps the plugin switches it read (plugins.server.ts), forgotten on a change. */
export const PLUGIN_SWITCHES = "programmes:enabled";

export async function setPluginEnabled(id: string, enabled: boolean, actor: Actor) {
  const now = new Date().toISOString();
  // The switch and its audit event together, so neither is kept without the other.
  await db()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("programmes").select("enabled").where("id", "=", id).executeTakeFirst();
      await trx
        .insertInto("programmes")
        .values({ id, enabled: enabled ? 1 : 0, updated_at: now })
        .onConflict((oc) => oc.column("id").doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: now }))
        .execute();
      await recordAudit(
        actor,
        { action: enabled ? "programme.enabled" : "programme.disabled", subjectType: "programme", subjectId: id, before: before ? { enabled: before.enabled === 1 } : undefined, after: { enabled } },
        trx,
      );
    });
  forgetInRequest(PLUGIN_SWITCHES);
}
