// `npm run db:migrate`: core migrations, then each plugin's, on DATABASE_URL.
import { env } from "../app/utils/env.server";
import { migrateDatabase } from "./lib/migrate-database";

migrateDatabase(env.databaseUrl)
  .then(() => console.log("The database is up to date."))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
