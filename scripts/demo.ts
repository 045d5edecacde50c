// `npm run demo`: the portal with the demo organisation, on an embedded SQLite file unless DATABASE_URL
// says otherwise. Seeds only an empty database, and shows the demo accounts on the sign-in page.
import { env } from "../app/utils/env.server";
import { seedDatabase } from "./lib/seed-database";

process.env.PATHWAYS_DEMO = "1";

async function main() {
  await seedDatabase(env.databaseUrl, "demo");
  const { serve } = await import("./serve");
  await serve();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
