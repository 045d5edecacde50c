// Runs the core migrations, then each plugin's in dependency order, each with its own migration table,
// and makes sure every installed plugin has its row in `programmes`.
import { Migrator, type Kysely, type MigrationResult } from "kysely";
import type { ProgrammePlugin } from "../plugins/sdk";
import { tablePrefix } from "../plugins/sdk";
import { coreMigrations } from "./migrations";
import type { Database } from "./schema";

export interface MigrationReport {
  scope: string;
  applied: string[];
}

/** Orders plugins so each comes after those it depends on; an unknown or circular dependency is an error. */
export function orderByDependencies(plugins: ProgrammePlugin[]): ProgrammePlugin[] {
  const byId = new Map(plugins.map((p) => [p.id, p]));
  const ordered: ProgrammePlugin[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (plugin: ProgrammePlugin, chain: string[]) => {
    if (state.get(plugin.id) === "done") return;
    if (state.get(plugin.id) === "visiting") throw new Error(`Plugins depend on each other in a circle: ${[...chain, plugin.id].join(" -> ")}`);
    state.set(plugin.id, "visiting");
    for (const dependency of plugin.dependsOn ?? []) {
      const target = byId.get(dependency);
      if (!target) throw new Error(`Plugin ${plugin.id} depends on ${dependency}, which is not installed`);
      visit(target, [...chain, plugin.id]);
    }
    state.set(plugin.id, "done");
    ordered.push(plugin);
  };
  for (const plugin of [...plugins].sort((a, b) => a.id.localeCompare(b.id))) visit(plugin, []);
  return ordered;
}

async function runMigrator(db: Kysely<Database>, scope: string, table: string, migrations: ProgrammePlugin["migrations"]) {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: `${table}_migrations`,
    migrationLockTableName: `${table}_migrations_lock`,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error(`Migrating ${scope} failed: ${error instanceof Error ? error.message : String(error)}`);
  return { scope, applied: (results ?? []).filter((r: MigrationResult) => r.status === "Success").map((r) => r.migrationName) };
}

export async function migrateAll(db: Kysely<Database>, plugins: ProgrammePlugin[]): Promise<MigrationReport[]> {
  const reports = [await runMigrator(db, "core", "core", coreMigrations)];
  for (const plugin of orderByDependencies(plugins)) {
    reports.push(await runMigrator(db, plugin.id, `plugin_${tablePrefix(plugin.id)}`, plugin.migrations));
  }
  const now = new Date().toISOString();
  for (const plugin of plugins) {
    await db
      .insertInto("programmes")
      .values({ id: plugin.id, enabled: 1, updated_at: now })
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
  }
  return reports;
}
