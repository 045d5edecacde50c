// `npm run backup [-- <file>]`: an online backup of DATABASE_URL, safe while the portal is running.
import path from "node:path";
import { env } from "../app/utils/env.server";
import { engineOf } from "../db/connection";
import { backupDatabase } from "./lib/backup";

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const out = process.argv[2] ?? path.join("backups", `pathways-${stamp}.${engineOf(env.databaseUrl) === "postgres" ? "dump" : "db"}`);

backupDatabase(env.databaseUrl, out, (done, total) => process.stdout.write(`\rBacking up: ${total ? Math.round((done / total) * 100) : 100}%`))
  .then(() => console.log(`\nBacked up to ${out}`))
  .catch((error) => {
    console.error(`\nThe backup failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
