// `npm start`: the production server. Migrates the database, then serves the built portal on PORT, in
// one process or, with PATHWAYS_WORKERS=n, in n worker processes sharing the port (scripts/lib/workers.ts).
// It never creates demo accounts. `npm run build` compiles this file and what it imports into
// build/serve.js, which `npm start` runs without a TypeScript loader (ADR 0013).
import cluster from "node:cluster";
import { fileURLToPath } from "node:url";
import { startScheduler } from "../app/services/jobs.server";
import { ConfigurationError, env } from "../app/utils/env.server";
import { createHttpApp, loadBuild, shutdownBuild } from "./http-app";
import { migrateDatabase } from "./lib/migrate-database";
import { superviseWorkers } from "./lib/workers";

const database = () => `(database: ${env.databaseUrl.replace(/\/\/[^@]*@/, "//…@")})`;

export async function serve() {
  if (cluster.isWorker) return listen();
  const workers = env.workers;
  await migrateDatabase(env.databaseUrl);
  if (workers === 1) return listen(() => console.log(`Pathways is listening on http://localhost:${env.port} ${database()}`));
  superviseWorkers(workers, fileURLToPath(import.meta.url), () => console.log(`Pathways is listening on http://localhost:${env.port} with ${workers} workers ${database()}`));
}

/** Serves the build on PORT; in a worker, the primary says when all are listening. */
async function listen(announce?: () => void) {
  const build = await loadBuild();
  const app = createHttpApp(build, { trustedOrigins: env.trustedOrigins, trustProxy: env.trustProxy });
  const server = app.listen(env.port, announce);
  // Plugins' scheduled jobs (the Research in Practice catalogue sync) run in the server process. With
  // several app processes, set PATHWAYS_SCHEDULER=0 on all but one (workers do this themselves).
  const stopScheduler = process.env.PATHWAYS_SCHEDULER === "0" ? () => undefined : startScheduler();
  const stop = () => {
    stopScheduler();
    server.close(() => void shutdownBuild(build).then(() => process.exit(0)));
  };
  process.on("SIGTERM", stop);
  // Ctrl-C reaches every process of the terminal's group. A worker leaves stopping to the primary, which
  // tells each worker to stop: a worker that stopped first would look to the primary like one that had
  // died, and it would start another in its place.
  process.on("SIGINT", cluster.isWorker ? () => undefined : stop);
  return server;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error) => {
    console.error(error instanceof ConfigurationError ? error.message : error);
    process.exit(1);
  });
}
