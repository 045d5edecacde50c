// Switching a programme plugin on or off, audited.
import { db } from "../utils/db.server";
import { recordAudit, type Actor } from "./audit.server";

export async function setPluginEnabled(id: string, enabled: boolean, actor: Actor) {
  const now = new Date().toISOString();
  const before = await db().selectFrom("programmes").select("enabled").where("id", "=", id).executeTakeFirst();
  await db()
    .insertInto("programmes")
    .values({ id, enabled: enabled ? 1 : 0, updated_at: now })
    .onConflict((oc) => oc.column("id").doUpdateSet({ enabled: enabled ? 1 : 0, updated_at: now }))
    .execute();
  await recordAudit(actor, {
    action: enabled ? "programme.enabled" : "programme.disabled",
    subjectType: "programme",
    subjectId: id,
    before: before ? { enabled: before.enabled === 1 } : undefined,
    after: { enabled },
  });
}
