// The plugin registry: the one place in the host that imports plugins/*/plugin.ts.
// To install a programme, import its plugin.ts here and add it to `installed`.
import apprenticeship from "../plugins/apprenticeship/plugin";
import asye from "../plugins/asye/plugin";
import leadership from "../plugins/leadership/plugin";
import naas from "../plugins/naas/plugin";
import practiceDevelopment from "../plugins/practice-development/plugin";
import researchInPractice from "../plugins/research-in-practice/plugin";
import type { ProgrammePlugin } from "../plugins/sdk";
import { PLUGIN_SWITCHES } from "./services/programmes.server";
import { db } from "./utils/db.server";
import { readOncePerRequest } from "./utils/request-memo.server";

const installed: ProgrammePlugin[] = [leadership, naas, apprenticeship, researchInPractice, practiceDevelopment, asye];

// Tests add fixture plugins (tests/fixtures/plugins) here; nothing else may.
const extra: ProgrammePlugin[] = [];

export function registerTestPlugin(plugin: ProgrammePlugin) {
  if (process.env.NODE_ENV !== "test") throw new Error("registerTestPlugin is for the test suite only");
  if (!extra.some((p) => p.id === plugin.id)) extra.push(plugin);
}

export function installedPlugins(): ProgrammePlugin[] {
  return [...installed, ...extra];
}

export function findInstalledPlugin(id: string): ProgrammePlugin | undefined {
  return installedPlugins().find((p) => p.id === id);
}

/** Installed plugins an admin has not switched off, in a stable order. */
export async function enabledPlugins(): Promise<ProgrammePlugin[]> {
  const plugins = installedPlugins();
  if (plugins.length === 0) return [];
  const rows = await readOncePerRequest(PLUGIN_SWITCHES, () =>
    db()
      .selectFrom("programmes")
      .select(["id", "enabled"])
      .where("id", "in", plugins.map((p) => p.id))
      .execute(),
  );
  const disabled = new Set(rows.filter((r) => r.enabled === 0).map((r) => r.id));
  return plugins.filter((p) => !disabled.has(p.id)).sort((a, b) => a.id.localeCompare(b.id));
}

export async function isPluginEnabled(id: string): Promise<boolean> {
  return (await enabledPlugins()).some((p) => p.id === id);
}
