// The ASYE's counts and intervals as data: defaults in code, L&D's changes in the core settings table (audited).
// Each year keeps those in force when it started (asye_years.settings_json, ninth_month_review): a change
// applies to the years started from then on.
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type AsyeSettings } from "../programme";

export const asyeSettings = () => readSettings<AsyeSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

export const saveAsyeSettings = (values: AsyeSettings, actor: Actor) => writeSettings(PLUGIN_ID, values, actor);

/** The settings a year keeps from its start, to store on it; the nine-month review has a column of its own. */
export function settingsKeptByAYear(settings: AsyeSettings): Omit<AsyeSettings, "ninthMonthReview"> {
  const { ninthMonthReview: _ninth, ...kept } = settings;
  return kept;
}

/**
 * A year's settings as they were when it started. A key it does not have (a year the seed wrote, a
 * setting added since) takes the default, as a setting never saved does.
 */
export function settingsOfYear(year: { settings_json: string; ninth_month_review: number }): AsyeSettings {
  const kept = JSON.parse(year.settings_json) as Partial<AsyeSettings>;
  const settings = Object.fromEntries(Object.entries(DEFAULT_SETTINGS).map(([k, v]) => [k, k in kept ? kept[k as keyof AsyeSettings] : v])) as AsyeSettings;
  return { ...settings, ninthMonthReview: Number(year.ninth_month_review) === 1 ? 1 : 0 };
}
