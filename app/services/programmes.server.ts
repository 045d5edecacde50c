// Switching a programme plugin on or off, audited.
import { db } from "../utils/db.server";
import { forgetInRequest } from "../utils/request-memo.server";
import { recordAudit, type Actor } from "./audit.server";

/** The key under which a request keeps the plugin switches it read (plugins.server.ts), forgotten on a change. */
export const PLUGIN_SWITCHES = "programmes:enabled";

/**
 * Switches a programme on or off, and answers whether that changed anything. A programme already as asked
 * (a second click, a page read before someone else switched it) is left alone and nothing is audited: the
 * trail records changes. A programme with no row is on, as enabledPlugins reads it. The upsert changes the
 * row only if it is not already as asked, so of two switches at once on PostgreSQL the second, which waits
 * for the first's row, finds it switched and records nothing either.
 */
export async function setPluginEnabled(id: string, enabled: boolean, actor: Actor): Promise<boolean> {
  const now = new Date().toISOString();
  const value = enabled ? 1 : 0;
  // The switch and its audit event together, so neither is kept without the other.
  const changed = await db()
    .transaction()
    .execute(async (trx) => {
      const before = await trx.selectFrom("programmes").select("enabled").where("id", "=", id).executeTakeFirst();
      if ((before ? before.enabled === 1 : true) === enabled) return false;
      const switched = await trx
        .insertInto("programmes")
        .values({ id, enabled: value, updated_at: now })
        .onConflict((oc) => oc.column("id").doUpdateSet({ enabled: value, updated_at: now }).where("programmes.enabled", "<>", value))
        .returning("id")
        .execute();
      if (switched.length === 0) return false;
      await recordAudit(
        actor,
        { action: enabled ? "programme.enabled" : "programme.disabled", subjectType: "programme", subjectId: id, before: before ? { enabled: before.enabled === 1 } : undefined, after: { enabled } },
        trx,
      );
      return true;
    });
  // Forgotten even when unchanged: the switch as read here may be someone else's, newer than the request's.
  forgetInRequest(PLUGIN_SWITCHES);
  return changed;
}
