// What moved someone to a career stage (a history row's `source`, a request's `reached_through`), in words:
// the pathway page and the personal-data export both say it, so they say it the same way.
import { installedPlugins } from "../plugins.server";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";

/** The moves the core makes itself, each worded under `pathway.sources`. */
const CORE_SOURCES = ["progression", "import", "admin", "seed"];

/** In the reader's language: the core's own words, else the programme's title, else the code as stored. */
export function stageSourceIn(locale: Locale) {
  const t = fixedT(locale);
  const titles = new Map(installedPlugins().map((plugin) => [plugin.id, fixedT(locale, plugin.id)(plugin.titleKey)]));
  return (source: string) => (CORE_SOURCES.includes(source) ? t(`pathway.sources.${source}`) : (titles.get(source) ?? source));
}
