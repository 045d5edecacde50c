// The ASYE's counts and intervals as data: defaults in code, L&D's changes in the core settings table (audited).
import { readSettings, writeSettings } from "../../../app/services/settings.server";
import type { Actor } from "../../../app/services/audit.server";
import { DEFAULT_SETTINGS, PLUGIN_ID, type AsyeSettings } from "../programme";

export const asyeSettings = () => readSettings<AsyeSettings>(PLUGIN_ID, DEFAULT_SETTINGS);

export const saveAsyeSettings = (values: AsyeSettings, actor: Actor) => writeSettings(PLUGIN_ID, values, actor);
