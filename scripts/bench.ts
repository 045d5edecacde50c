// `npm run bench [-- --json] [-- --duration 10 --warmup 3 --connections 10 --workers 1 --reseed --no-build]`:
// the portal at national scale. Seeds (or reuses) the national dataset, builds and starts the production
// server, signs in as the demo accounts, drives each page with autocannon, then times the bulk
// operations on a scratch copy. Progress goes to stderr; the report (a table, or JSON) to stdout.
// Set BENCH_DATABASE_URL to a postgres:// URL to measure on PostgreSQL. See docs/performance.md.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, rmSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { installedPlugins } from "../app/plugins.server";
import { ensureDataset } from "./lib/bench/dataset";
import { measurePage, type LoadSettings } from "./lib/bench/measure";
import { benchPages, FLOOR, type Account } from "./lib/bench/pages";
import { datasetFigures, floorOf, ratioTo, table, targetMisses, type BenchReport, type Operations } from "./lib/bench/report";
import { startBenchServer } from "./lib/bench/server";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const { values: args } = parseArgs({
  options: {
    json: { type: "boolean", default: false },
    duration: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    connections: { type: "string", default: "10" },
    workers: { type: "string", default: "1" },
    reseed: { type: "boolean", default: false },
    "no-build": { type: "boolean", default: false },
  },
});
const log = (line: string) => process.stderr.write(`${line}\n`);
const databaseUrl = process.env.BENCH_DATABASE_URL || path.join(root, ".bench", "national.db");
const isPostgres = /^postgres(ql)?:/.test(databaseUrl);
const settings: LoadSettings = { connections: Number(args.connections), warmupSeconds: Number(args.warmup), durationSeconds: Number(args.duration) };
// The server as `PATHWAYS_WORKERS=n npm start` runs it: n processes on one port (scripts/lib/workers.ts).
const workers = Number(args.workers);

async function signIn(base: string, account: Account): Promise<string> {
  const response = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: `${account}@demo.test`, password: "pathways-demo" }),
  });
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("pathways_session="));
  if (!cookie) throw new Error(`Signing in as ${account}@demo.test failed (${response.status})`);
  return cookie.split(";")[0];
}

async function measurePages(rssSamples: number[], largestSamples: number[]) {
  const server = await startBenchServer(root, databaseUrl, workers);
  const sampleMemory = () => {
    rssSamples.push(server.rssMb());
    largestSamples.push(server.largestProcessMb());
  };
  try {
    const cookies = new Map<Account, string>();
    const cookieOf = async (account: Account) => cookies.get(account) ?? cookies.set(account, await signIn(server.url, account)).get(account)!;
    const pluginIds = installedPlugins().map((p) => p.id);
    const pages = await benchPages(databaseUrl, pluginIds);
    log(`Measuring the floor, ${FLOOR.path}…`);
    const measureFloor = async () => {
      const figures = await measurePage(`${server.url}${FLOOR.path}`, await cookieOf(FLOOR.account), settings);
      log(`  ${figures.rps} req/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms`);
      sampleMemory();
      return figures;
    };
    const firstFloor = await measureFloor();
    const measured = [];
    for (const [index, page] of pages.entries()) {
      log(`Measuring ${index + 1} of ${pages.length}: ${page.name} (${page.path})…`);
      const figures = await measurePage(`${server.url}${page.path}`, await cookieOf(page.account), settings);
      sampleMemory();
      measured.push({ name: page.name, path: page.path, account: page.account, ...figures });
      log(`  ${figures.rps} req/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms${figures.errors ? `, ${figures.errors} errors` : ""}`);
    }
    log(`Measuring the floor again, ${FLOOR.path}, now the server is warm…`);
    const floor = floorOf(FLOOR.path, firstFloor, await measureFloor());
    return { floor, pages: measured.map((page) => ({ ...page, ratio: ratioTo(floor, page) })) };
  } finally {
    await server.stop();
  }
}

/** The bulk operations, in their own process, on a scratch copy (SQLite) so the dataset stays as seeded. */
function runOperations(): Promise<Operations> {
  const scratch = path.join(path.dirname(databaseUrl), "operations-scratch.db");
  if (!isPostgres) copyFileSync(databaseUrl, scratch);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/lib/bench/operations.ts"], { cwd: root, env: { ...process.env, DATABASE_URL: isPostgres ? databaseUrl : scratch }, stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => {
      if (!isPostgres) for (const suffix of ["", "-wal", "-shm"]) rmSync(`${scratch}${suffix}`, { force: true });
      if (code === 0) resolve(JSON.parse(output.trim().split("\n").pop()!) as Operations);
      else reject(new Error(`The bulk operations failed (exit ${code})`));
    });
  });
}

async function main() {
  // Before seeding or building, which take minutes; the server checks PATHWAYS_WORKERS itself (1 to 64).
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers takes a whole number from 1, not "${args.workers}"`);
  const dataset = await ensureDataset(databaseUrl, root, { reseed: args.reseed }, log);
  if (!args["no-build"]) {
    log("Building the portal…");
    const built = spawnSync("npm", ["run", "build"], { cwd: root, stdio: ["ignore", process.stderr, process.stderr] });
    if (built.status !== 0) throw new Error("The build failed");
  }
  const rssSamples: number[] = [];
  const largestSamples: number[] = [];
  const { floor, pages } = await measurePages(rssSamples, largestSamples);
  log("Timing the staff import, a bulk enrolment and readiness for everyone…");
  const operations = await runOperations();
  const partial = {
    dataset: datasetFigures(dataset),
    floor,
    pages,
    rss_mb: Math.round(Math.max(...rssSamples)),
    rss_mb_largest_process: Math.round(Math.max(...largestSamples)),
    operations,
    settings: { connections: settings.connections, warmup_s: settings.warmupSeconds, duration_s: settings.durationSeconds, database: isPostgres ? "PostgreSQL" : "SQLite", workers },
  };
  const report: BenchReport = { ...partial, misses: targetMisses(partial) };
  process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : `${table(report)}\n`);
  if (pages.some((p) => p.errors > 0) || floor.errors > 0) process.exitCode = 1;
}

main().catch((error) => {
  log(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
