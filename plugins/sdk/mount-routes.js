// Finds every plugin's route modules and mounts them under /programmes/<id>/ with explicit route ids
// ("plugin.<id>.<name>"), so Remix never sees a "../" route id. Plain JavaScript because remix.config.js
// and the contract tests both load it without a TypeScript step.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const appDirectory = path.join(projectRoot, "app");
const ROUTE_FILE = /\.(tsx|ts|jsx|js)$/;

/** Folders that hold plugin folders: `plugins/` always, plus any listed in PATHWAYS_EXTRA_PLUGIN_ROOTS (tests). */
export function pluginRoots(env = process.env) {
  const extra = (env.PATHWAYS_EXTRA_PLUGIN_ROOTS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return [...new Set([path.join(projectRoot, "plugins"), ...extra.map((p) => path.resolve(projectRoot, p))])];
}

/** Every plugin folder (a folder with plugin.ts) under the given roots, as { id, dir }. */
export function findPluginFolders(roots) {
  const found = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) continue;
    for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "sdk") continue;
      const dir = path.join(root, entry.name);
      if (fs.existsSync(path.join(dir, "plugin.ts"))) found.push({ id: entry.name, dir });
    }
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * The routes of one plugin: `routes/index.tsx` is the programme's home, `routes/cohorts.$id.tsx` becomes
 * /programmes/<id>/cohorts/:id (dots are slashes, `$name` is a parameter), as in Remix's flat routes.
 */
export function pluginRouteTable(plugin) {
  const routesDir = path.join(plugin.dir, "routes");
  if (!fs.existsSync(routesDir)) return [];
  return fs
    .readdirSync(routesDir)
    .filter((file) => ROUTE_FILE.test(file) && !file.includes(".test."))
    .sort()
    .map((file) => {
      const name = file.replace(ROUTE_FILE, "");
      const segments = name === "index" ? [] : name.split(".").filter((s) => s !== "_index");
      const urlPath = ["programmes", plugin.id, ...segments.map((s) => (s.startsWith("$") ? `:${s.slice(1)}` : s))].join("/");
      return {
        id: `plugin.${plugin.id}.${name}`,
        path: urlPath,
        file: path.relative(appDirectory, path.join(routesDir, file)),
        index: false,
      };
    });
}

export function allPluginRoutes(roots) {
  return findPluginFolders(roots).flatMap(pluginRouteTable);
}

export function mountPluginRoutes(defineRoutes, roots) {
  const table = allPluginRoutes(roots);
  return defineRoutes((route) => {
    for (const r of table) route(r.path, r.file, { id: r.id });
  });
}
