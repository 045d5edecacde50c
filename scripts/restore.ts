// `npm run restore -- <file>`: replaces DATABASE_URL with a backup. Stop the portal first.
import { env } from "../app/utils/env.server";
import { restoreDatabase } from "./lib/backup";

const file = process.argv[2];
if (!file) {
  console.error("Say which backup to restore: npm run restore -- backups/pathways-….db");
  process.exit(1);
}

restoreDatabase(env.databaseUrl, file, (done, total) => process.stdout.write(`\rRestoring: ${total ? Math.round((done / total) * 100) : 100}%`))
  .then(() => console.log(`\nRestored ${file}`))
  .catch((error) => {
    console.error(`\nThe restore failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
