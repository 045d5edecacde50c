// The apprenticeship's rates and thresholds as data: defaults in code, L&D's changes in the core
// settings table (audited).
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type ApprenticeshipSettings } from "../programme";

export const apprenticeshipSettings = () => readSettings<ApprenticeshipSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

export const saveApprenticeshipSettings = (values: ApprenticeshipSettings, actor: Actor) => writeSettings(PLUGIN_ID, values, actor);
