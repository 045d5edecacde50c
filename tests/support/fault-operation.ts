// A child process for the kill tests: runs one real operation and, once a statement matching
// --freeze-at has run --times times (inside the operation's transaction), prints a FROZEN line and stops
// dead, holding its transaction open, until the test kills it. Without --freeze-at it runs to the end.
//   node --import tsx tests/support/fault-operation.ts <operation> [--freeze-at <regex> [--times n]] args…
//     staff-import <csv file>          the HR staff import
//     bulk-enrolment <cohort> <ids>    enrolling many people (comma-separated person ids) at once
//     catalogue-sync                   the Research in Practice sync job, from RIP_FEED_URL
//     scheduled-catalogue-sync         the same job as the scheduler and "Run now" start it, with its run recorded
//     migration                        every migration, on DATABASE_URL
import fs from "node:fs";
import { parseArgs } from "node:util";
import { installedPlugins } from "../../app/plugins.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { enrolMany } from "../../app/services/enrol-many.server";
import { runJob } from "../../app/services/jobs.server";
import { pluginContext } from "../../app/services/plugin-context.server";
import { importStaff } from "../../app/services/staff-import.server";
import { closeDb, observeQueries } from "../../app/utils/db.server";
import { env } from "../../app/utils/env.server";
import { createDialect, engineOf } from "../../db/connection";
import researchInPractice from "../../plugins/research-in-practice/plugin";
import { migrateInOneTransaction } from "../../scripts/lib/migrate-database";

const { values: options, positionals } = parseArgs({ allowPositionals: true, options: { "freeze-at": { type: "string" }, times: { type: "string", default: "1" } } });
const [operation, ...args] = positionals;

/** How long a frozen process waits for its kill before giving up, so a broken test never hangs. */
const FROZEN_FOR_AT_MOST_MS = 120_000;

/** Answers a query observer that freezes the process on the n-th statement matching `pattern`. */
function freezer(pattern: RegExp, times: number) {
  let seen = 0;
  return (sql: string) => {
    if (!pattern.test(sql) || ++seen < times) return;
    process.stdout.write(`FROZEN after: ${sql.slice(0, 120)}\n`);
    // Blocks this thread outright: no timer, no socket, no promise moves until the kill lands.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, FROZEN_FOR_AT_MOST_MS);
    process.exit(3);
  };
}

const freeze = options["freeze-at"] ? freezer(new RegExp(options["freeze-at"], "i"), Number(options.times)) : undefined;
if (freeze) observeQueries(freeze);

const operations: Record<string, () => Promise<unknown>> = {
  "staff-import": () => importStaff(fs.readFileSync(args[0], "utf8"), SYSTEM_ACTOR),
  "bulk-enrolment": () => enrolMany(Number(args[0]), args[1].split(",").map((id) => ({ personId: Number(id), overrideReason: null })), SYSTEM_ACTOR),
  "catalogue-sync": () => researchInPractice.jobs![0].run(pluginContext(researchInPractice, "en-GB"), () => undefined),
  "scheduled-catalogue-sync": () => runJob(researchInPractice, researchInPractice.jobs![0]),
  migration: () => migrateInOneTransaction(createDialect(env.databaseUrl), engineOf(env.databaseUrl), installedPlugins(), freeze && ((event) => freeze(event.query.sql))),
};

const run = operations[operation];
if (!run) {
  console.error(`Unknown operation ${operation}; one of ${Object.keys(operations).join(", ")}`);
  process.exit(2);
}
const outcome = await run();
process.stdout.write(`DONE ${JSON.stringify(outcome)}\n`);
await closeDb();
// An outside feed's keep-alive socket would otherwise hold the process open a few seconds more.
process.exit(0);
