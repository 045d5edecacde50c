// The context object a plugin receives: the host's database, clock, audit log and a translator in its namespace.
import type { PluginContext, ProgrammePlugin } from "../../plugins/sdk";
import { db } from "../utils/db.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { moveToStage } from "./career-stages.server";

/** `now`: the context's clock; a metrics snapshot fixes it at the snapshot's moment. */
export function pluginContext(plugin: ProgrammePlugin, locale: Locale, actor: Actor = SYSTEM_ACTOR, now: () => Date = () => new Date()): PluginContext {
  return {
    db: db(),
    now,
    locale,
    t: sentenceOnce(fixedT(locale, plugin.id)),
    audit: (event, executor) => recordAudit(actor, { ...event, action: `${plugin.id}.${event.action}` }, executor),
    moveToStage: (move, executor) => moveToStage(actor, { ...move, source: plugin.id }, executor),
  };
}

/**
 * A translator that puts each key and set of values into words once for the context's life (one call
 * from the core): a plugin describing a locality repeats the same few sentences for hundreds of people,
 * and each i18next call costs tens of microseconds (the benchmark's profile).
 */
function sentenceOnce(t: ReturnType<typeof fixedT>): PluginContext["t"] {
  const said = new Map<string, string>();
  return (key, values) => {
    const memoKey = values ? `${key}\u0000${JSON.stringify(values)}` : key;
    let text = said.get(memoKey);
    if (text === undefined) said.set(memoKey, (text = t(key, values)));
    return text;
  };
}
