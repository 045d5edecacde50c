// `npm run load:processes`: the several-processes test (tests/reliability/several-processes.test.ts) at
// a larger scale, outside `npm test`. Several production app processes on one database; each round
// books places on a new course from every signed-in practitioner at once across the processes, and
// sends each process an overlapping staff file at the same moment. Prints what it found; exit code 1 if
// anything that must hold did not.
//   npm run load:processes -- [--processes 4] [--rounds 5] [--capacity 20] [--waves 4] [--staff 2000]
// On DATABASE_URL (PostgreSQL, or a SQLite file); without it, on a scratch SQLite file it removes after.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { closeDb, db } from "../../app/utils/db.server";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { cookieFor, seedDemo } from "./fixtures";
import { startAppProcesses, type AppProcess } from "./multi-process-servers";
import { bookableRun, bookInWaves, importAtOnce, importProblems, placeProblems, practitioners, staffFile } from "./multi-process-traffic";

const { values } = parseArgs({
  options: {
    processes: { type: "string", default: "4" },
    rounds: { type: "string", default: "5" },
    capacity: { type: "string", default: "20" },
    waves: { type: "string", default: "4" },
    staff: { type: "string", default: "2000" },
  },
});
const settings = { processes: Number(values.processes), rounds: Number(values.rounds), capacity: Number(values.capacity), waves: Number(values.waves), staff: Number(values.staff) };

const scratch = process.env.DATABASE_URL ? null : path.resolve(".tmp", `load-processes-${process.pid}.db`);
const url = process.env.DATABASE_URL || scratch!;
process.env.DATABASE_URL = url;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function round(servers: AppProcess[], index: number, people: Awaited<ReturnType<typeof practitioners>>, ldCookie: string) {
  const run = await bookableRun(`load-${process.pid}-${index}`, settings.capacity);
  const started = performance.now();
  const bookings = await bookInWaves(servers, run, people, settings.waves);
  const bookingSeconds = (performance.now() - started) / 1000;
  const times = bookings.map((b) => b.doneAt - b.sentAt).sort((a, b) => a - b);

  // Each process gets a file overlapping the next one's by half.
  const prefix = `LP${process.pid}R${index}`;
  const half = Math.floor(settings.staff / 2);
  const files = servers.map((_, i) => staffFile(prefix, i * half, i * half + settings.staff));
  const importStarted = performance.now();
  const statuses = await importAtOnce(servers, ldCookie, files);
  const importSeconds = (performance.now() - importStarted) / 1000;

  const problems = [...(await placeProblems(run, bookings)), ...statuses.flatMap((s, i) => (s === 200 ? [] : [`import ${i} was answered ${s}`])), ...(await importProblems(prefix, (servers.length - 1) * half + settings.staff))];
  console.log(
    `Round ${index + 1}: ${bookings.length} bookings in ${bookingSeconds.toFixed(1)} s (median ${percentile(times, 50).toFixed(0)} ms, 95th percentile ${percentile(times, 95).toFixed(0)} ms); ` +
      `${servers.length} imports of ${settings.staff} rows at once in ${importSeconds.toFixed(1)} s. ${problems.length ? `${problems.length} problems:` : "All held."}`,
  );
  for (const problem of problems.slice(0, 20)) console.log(`  ${problem}`);
  return problems.length;
}

async function main() {
  await migrateDatabase(url, () => undefined);
  if (!(await db().selectFrom("people").select("id").limit(1).executeTakeFirst())) await seedDemo();
  const available = await db().selectFrom("people").select("id").where("id", "not in", (qb) => qb.selectFrom("users").select("person_id")).execute();
  const people = await practitioners(Math.min(available.length, 250));
  const ldCookie = await cookieFor("ld");
  console.log(`${settings.processes} app processes on ${url.replace(/\/\/[^@]*@/, "//…@")}; ${people.length} people booking, ${settings.rounds} rounds.`);
  const servers = await startAppProcesses(settings.processes, url);
  let problems = 0;
  try {
    for (let i = 0; i < settings.rounds; i += 1) problems += await round(servers, i, people, ldCookie);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await closeDb();
    if (scratch) for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${scratch}${suffix}`, { force: true });
  }
  console.log(problems ? `${problems} problems.` : "Every round held.");
  return problems ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
