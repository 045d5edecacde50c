// The NAAS thresholds as data: defaults in code, L&D's changes in the core settings table (audited).
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type NaasSettings } from "../programme";

export const naasSettings = () => readSettings<NaasSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

export const saveNaasSettings = (values: NaasSettings, actor: Actor) => writeSettings(PLUGIN_ID, values, actor);
