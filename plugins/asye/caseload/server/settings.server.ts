// The caseload rule's numbers as data: defaults in code, L&D's changes in the core settings table (audited).
import { readSettings, writeSettings } from "../../../../app/services/settings.server";
import type { Actor } from "../../../../app/services/audit.server";
import { DEFAULT_CASELOAD_SETTINGS, SETTINGS_PREFIX, type CaseloadSettings } from "../constants";

export async function caseloadSettings(): Promise<CaseloadSettings> {
  const stored = await readSettings<CaseloadSettings>(SETTINGS_PREFIX, DEFAULT_CASELOAD_SETTINGS);
  // A value written by hand into the table that is not the right shape falls back to the default.
  const share = Number.isInteger(stored.sharePercent) && stored.sharePercent >= 1 && stored.sharePercent <= 100 ? stored.sharePercent : DEFAULT_CASELOAD_SETTINGS.sharePercent;
  const stages = Array.isArray(stored.experiencedStages) && stored.experiencedStages.length > 0 ? stored.experiencedStages.map(String) : DEFAULT_CASELOAD_SETTINGS.experiencedStages;
  return { sharePercent: share, experiencedStages: stages };
}

export const saveCaseloadSettings = (values: CaseloadSettings, actor: Actor) => writeSettings(SETTINGS_PREFIX, { ...values }, actor);
