// The context object a plugin receives: the host's database, clock, audit log and a translator in its namespace.
import type { PluginContext, ProgrammePlugin } from "../../plugins/sdk";
import { db } from "../utils/db.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { moveToStage } from "./career-stages.server";

export function pluginContext(plugin: ProgrammePlugin, locale: Locale, actor: Actor = SYSTEM_ACTOR): PluginContext {
  const t = fixedT(locale, plugin.id);
  return {
    db: db(),
    now: () => new Date(),
    locale,
    t: (key, values) => t(key, values),
    audit: (event) => recordAudit(actor, { ...event, action: `${plugin.id}.${event.action}` }),
    moveToStage: (move, executor) => moveToStage(actor, { ...move, source: plugin.id }, executor),
  };
}
