import { createDb } from "../../db/connection";
import { migrateAll } from "../../db/migrate";
import { installedPlugins } from "../../app/plugins.server";

/** Brings the database at `url` up to date: core, then every installed plugin. */
export async function migrateDatabase(url: string, log: (line: string) => void = console.log) {
  const db = createDb(url);
  try {
    const reports = await migrateAll(db, installedPlugins());
    for (const r of reports) if (r.applied.length) log(`Migrated ${r.scope}: ${r.applied.join(", ")}`);
  } finally {
    await db.destroy();
  }
}
