// `npm start`: the production server. Migrates the database, then serves the built portal on PORT.
// It never creates demo accounts.
import { startScheduler } from "../app/services/jobs.server";
import { env } from "../app/utils/env.server";
import { createHttpApp, loadBuild, shutdownBuild } from "./http-app";
import { migrateDatabase } from "./lib/migrate-database";

export async function serve() {
  await migrateDatabase(env.databaseUrl);
  const build = await loadBuild();
  const app = createHttpApp(build, { trustedOrigins: env.trustedOrigins, trustProxy: env.trustProxy });
  const server = app.listen(env.port, () => {
    console.log(`Pathways is listening on http://localhost:${env.port} (database: ${env.databaseUrl.replace(/\/\/[^@]*@/, "//…@")})`);
  });
  // Plugins' scheduled jobs (the Research in Practice catalogue sync) run in the server process. With
  // several app processes, set PATHWAYS_SCHEDULER=0 on all but one.
  const stopScheduler = process.env.PATHWAYS_SCHEDULER === "0" ? () => undefined : startScheduler();
  const stop = () => {
    stopScheduler();
    server.close(() => void shutdownBuild(build).then(() => process.exit(0)));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
