import { sql } from "kysely";
import { createDb } from "../../db/connection";
import { isEmpty, seed, DEMO_PASSWORD } from "../../db/seed";
import type { Scale } from "../../db/seed/organisation";
import { installedPlugins } from "../../app/plugins.server";
import { hashPassword } from "../../app/utils/auth.server";
import { migrateDatabase } from "./migrate-database";
import { progressLine } from "./progress";

/** Migrates, then seeds the scenario if the database holds nobody yet. Answers whether it seeded. */
export async function seedDatabase(url: string, scale: Scale, log: (line: string) => void = console.log): Promise<boolean> {
  await migrateDatabase(url, log);
  const db = createDb(url);
  try {
    if (!(await isEmpty(db))) {
      log("The database already holds people; nothing was seeded.");
      return false;
    }
    const started = Date.now();
    const result = await seed(db, { scale, plugins: installedPlugins(), passwordHash: await hashPassword(DEMO_PASSWORD), progress: progressLine() });
    log(`Seeded the ${scale} organisation: ${result.people.toLocaleString("en-GB")} people in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    // Fresh statistics, or the query planner guesses: without them SQLite read a programme's every
    // enrolment to find a team's (the benchmark's /team went from 64 ms of queries to 20).
    await sql`ANALYZE`.execute(db);
    return true;
  } finally {
    await db.destroy();
  }
}
