// The plugin contract, checked for every plugin folder: the shipped ones under plugins/ and the test
// fixture under tests/fixtures/plugins/.
import path from "node:path";
import { readConfig } from "@remix-run/dev/dist/config.js";
import { beforeAll, describe, expect, it } from "vitest";
import { findPluginFolders, pluginRouteTable } from "../../plugins/sdk/mount-routes.js";
import type { ProgrammePlugin } from "../../plugins/sdk";
import { tablePrefix } from "../../plugins/sdk";
import { migrateAll } from "../../db/migrate";
import { sql, type Kysely } from "kysely";
import { createDb } from "../../db/connection";
import type { Database } from "../../db/schema";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";
import { missingPluralForms, translationKeys } from "../support/plural-keys";

const root = path.resolve(__dirname, "../..");
const roots = [path.join(root, "plugins"), path.join(root, "tests/fixtures/plugins")];
const folders = findPluginFolders(roots);

const PERSON_COLUMNS = ["person_id", "enrolment_id"];

const flatKeys = (value: unknown, prefix = ""): string[] =>
  value && typeof value === "object" && !Array.isArray(value)
    ? Object.entries(value).flatMap(([k, v]) => flatKeys(v, prefix ? `${prefix}.${k}` : k))
    : [prefix];

async function tableNames(database: Kysely<Database>): Promise<string[]> {
  const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
  const result = onPostgres
    ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public'`.execute(database)
    : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(database);
  return result.rows.map((r) => r.name);
}

it("finds the fixture plugin, so the contract is exercised", () => {
  expect(folders.map((f) => f.id)).toContain("example");
});

describe.each(folders)("plugin $id", (folder) => {
  let plugin: ProgrammePlugin;
  beforeAll(async () => {
    plugin = (await import(path.join(folder.dir, "plugin.ts"))).default;
  });

  it("has the id of its folder, in kebab-case", () => {
    expect(plugin.id).toBe(folder.id);
    expect(plugin.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it("migrates an empty database up, into tables that carry its prefix and its own migration table, and exports any table about a person", async () => {
    const url = await createTestDatabaseUrl();
    const fresh = createDb(url);
    try {
      await migrateAll(fresh, []);
      const before = new Set(await tableNames(fresh));
      await migrateAll(fresh, [plugin]);
      const added = (await tableNames(fresh)).filter((t) => !before.has(t));
      expect(added).toContain(`plugin_${tablePrefix(plugin.id)}_migrations`);
      for (const table of added) expect(table.startsWith(`${tablePrefix(plugin.id)}_`) || table.startsWith(`plugin_${tablePrefix(plugin.id)}_`)).toBe(true);
      // A table keyed to a person, directly or through their place on a cohort, is personal data: the
      // plugin must hand it to the subject access download.
      const personal = (await fresh.introspection.getTables()).filter((t) => added.includes(t.name) && t.columns.some((c) => PERSON_COLUMNS.includes(c.name)));
      if (personal.length > 0) expect(plugin.personalData, personal.map((t) => t.name).join(", ")).toBeTypeOf("function");
      // Running again applies nothing new.
      const again = await migrateAll(fresh, [plugin]);
      expect(again.find((r) => r.scope === plugin.id)?.applied).toEqual([]);
    } finally {
      await fresh.destroy();
      await dropTestDatabase(url);
    }
  });

  it("is translated completely in en-GB and cy, including every key it names", () => {
    const en = translationKeys(flatKeys(plugin.locales["en-GB"]));
    const cy = translationKeys(flatKeys(plugin.locales.cy));
    expect(en.length).toBeGreaterThan(0);
    expect(cy).toEqual(en);
    expect(missingPluralForms(flatKeys(plugin.locales["en-GB"]), "en-GB")).toEqual([]);
    expect(missingPluralForms(flatKeys(plugin.locales.cy), "cy")).toEqual([]);
    const named = [plugin.titleKey, plugin.summaryKey, ...(plugin.navigation ?? []).map((n) => n.labelKey), ...(plugin.pathway ?? []).map((p) => p.labelKey)];
    for (const key of named) expect(en).toContain(key);
  });

  it("mounts its routes under /programmes/<id>/ with explicit ids, and every nav entry resolves to one", async () => {
    const table = pluginRouteTable(folder);
    expect(table.length).toBeGreaterThan(0);
    for (const route of table) {
      expect(route.id).toMatch(new RegExp(`^plugin\\.${plugin.id}\\.`));
      expect(route.path.startsWith(`programmes/${plugin.id}`)).toBe(true);
    }
    const paths = table.map((r) => r.path);
    for (const entry of plugin.navigation ?? []) {
      expect(paths).toContain(["programmes", plugin.id, entry.path].filter(Boolean).join("/"));
    }
    // And Remix itself, reading remix.config.js, mounts the same routes.
    process.env.PATHWAYS_EXTRA_PLUGIN_ROOTS = path.relative(root, path.dirname(folder.dir));
    try {
      const config = await readConfig(root);
      for (const route of table) {
        expect(config.routes[route.id]?.path).toBe(route.path);
        expect(config.routes[route.id]?.file.startsWith("..")).toBe(true);
      }
    } finally {
      delete process.env.PATHWAYS_EXTRA_PLUGIN_ROOTS;
    }
  });
});
