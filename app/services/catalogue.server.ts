// The core's catalogue: learning every enabled plugin offers (Research in Practice courses, say), searched
// in one place. Other parts of the portal suggest a course through this, never by reading a plugin.
import type { CatalogueEntry } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { pluginContext } from "./plugin-context.server";

export interface CatalogueItem extends CatalogueEntry {
  /** The plugin the entry comes from, and its programme's name. */
  source: string;
  sourceTitle: string;
}

export const CATALOGUE_LIMIT = 50;

/**
 * Entries whose title holds the words searched for, from every enabled plugin with a catalogue. A caller
 * may ask for one more than a page, to know there are more: capped at the page, /learning never could.
 */
export async function searchCatalogue(locale: Locale, query: { search?: string; limit?: number } = {}): Promise<CatalogueItem[]> {
  const limit = Math.min(query.limit ?? CATALOGUE_LIMIT, CATALOGUE_LIMIT + 1);
  // Control characters are never part of a title, and PostgreSQL refuses a NUL outright.
  // eslint-disable-next-line no-control-regex
  const search = query.search?.replace(/[\u0000-\u001f\u007f]/g, "").trim() || undefined;
  const items: CatalogueItem[] = [];
  for (const plugin of (await enabledPlugins()).filter((p) => p.catalogue)) {
    const sourceTitle = fixedT(locale, plugin.id)(plugin.titleKey);
    const entries = await plugin.catalogue!(pluginContext(plugin, locale), { search, limit });
    items.push(...entries.map((e) => ({ ...e, source: plugin.id, sourceTitle })));
  }
  return items.sort((a, b) => a.title.localeCompare(b.title, locale)).slice(0, limit);
}

/** One entry by its plugin and id, or undefined when the plugin is off or the entry has gone. */
export async function catalogueItem(locale: Locale, source: string, id: string): Promise<CatalogueItem | undefined> {
  const plugin = (await enabledPlugins()).find((p) => p.id === source && p.catalogue);
  if (!plugin) return undefined;
  const [entry] = await plugin.catalogue!(pluginContext(plugin, locale), { id, limit: 1 });
  return entry ? { ...entry, source: plugin.id, sourceTitle: fixedT(locale, plugin.id)(plugin.titleKey) } : undefined;
}
