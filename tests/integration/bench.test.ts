// The benchmark's own parts on the demo organisation: every page it drives answers its account with a
// page (so a renamed route cannot quietly turn a page's figures into a 404's), a short autocannon run
// reads real figures, and the target check names each miss.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installedPlugins } from "../../app/plugins.server";
import { env } from "../../app/utils/env.server";
import { measurePage } from "../../scripts/lib/bench/measure";
import { benchPages, FLOOR, type Account } from "../../scripts/lib/bench/pages";
import { floorOf, ratioTo, targetMisses, TARGETS } from "../../scripts/lib/bench/report";
import { startBenchServer } from "../../scripts/lib/bench/server";
import { commandLineOf } from "../../scripts/lib/proc";
import { SERVER_HEAP_MB, SERVER_NODE_ARGS, SERVER_SCRIPT } from "../../scripts/lib/server-command";
import { cookieFor, seedDemo, type DemoAccount } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";

const DEMO_ACCOUNT: Record<Account, DemoAccount> = { practitioner: "practitioner", manager: "manager", "service.manager": "serviceManager", ld: "ld", admin: "admin" };

let server: RunningServer;

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
});
afterAll(() => server?.close());

describe("the benchmark's pages", () => {
  it("each answers its account with a whole page, not a redirect or an error", async () => {
    const pages = [FLOOR, ...(await benchPages(env.databaseUrl, installedPlugins().map((p) => p.id)))];
    expect(pages.map((p) => p.name)).toEqual(expect.arrayContaining(["floor", "me", "me-pathway", "me-cpd", "team", "team-locality", "team-person", "programmes", "cohort-register", "admin-people-search", "admin-reports", "team-csv"]));
    for (const page of pages) {
      const response = await fetch(`${server.url}${page.path}`, { redirect: "manual", headers: { Cookie: await cookieFor(DEMO_ACCOUNT[page.account]) } });
      expect({ page: page.name, status: response.status }).toEqual({ page: page.name, status: 200 });
      await response.arrayBuffer();
    }
  });

  it("are measured with real requests: a short run of the floor has throughput and no errors", async () => {
    const figures = await measurePage(`${server.url}${FLOOR.path}`, await cookieFor("practitioner"), { connections: 2, warmupSeconds: 0, durationSeconds: 1 });
    expect(figures.rps).toBeGreaterThan(0);
    expect(figures.p50_ms).toBeLessThanOrEqual(figures.p99_ms);
    expect(figures.errors).toBe(0);
  });

  it("counts a signed-out run's redirects as errors, so a lost session cannot pass for a fast page", async () => {
    const figures = await measurePage(`${server.url}/me`, "pathways_session=nobody", { connections: 1, warmupSeconds: 0, durationSeconds: 1 });
    expect(figures.errors).toBeGreaterThan(0);
  });
});

describe("the floor the pages are compared with", () => {
  const figures = (rps: number, errors = 0) => ({ rps, p50_ms: Math.round(10_000 / rps), p99_ms: Math.round(30_000 / rps), errors });

  it("is the faster of its two measurements, so a floor measured on a cold server cannot flatter a page", () => {
    const coldFirst = floorOf("/accessibility", figures(140), figures(250));
    expect(coldFirst).toEqual({ path: "/accessibility", ...figures(250), rps_measured: [140, 250] });
    expect(ratioTo(coldFirst, figures(200))).toBe(0.8);
    expect(floorOf("/accessibility", figures(250), figures(140))).toMatchObject({ rps: 250, rps_measured: [250, 140] });
  });

  it("counts the errors of both measurements", () => {
    expect(floorOf("/accessibility", figures(200, 1), figures(210, 2)).errors).toBe(3);
  });

  it("is never a measurement with errors while the other has none: a lost session's redirects are fast", () => {
    expect(floorOf("/accessibility", figures(200), figures(900, 40))).toMatchObject({ rps: 200, errors: 40 });
    expect(floorOf("/accessibility", figures(900, 40), figures(200))).toMatchObject({ rps: 200, errors: 40 });
  });

  it("gives no ratio against a floor that answered nothing", () => {
    expect(ratioTo(figures(0), figures(100))).toBe(0);
  });
});

describe("the targets", () => {
  const holding = {
    dataset: { people: 60_000, cohorts: 4_000, attendance: 200_000, seed_seconds: 100 },
    floor: { path: "/accessibility", rps: 200, p50_ms: 40, p99_ms: 60, errors: 0, rps_measured: [180, 200] },
    pages: [{ name: "team", path: "/team", account: "manager", rps: 150, p50_ms: 50, p99_ms: 90, errors: 0, ratio: 0.75 }],
    rss_mb: 200,
    rss_mb_largest_process: 200,
    operations: { staff_import: { seconds: 5, rows: 60_000, updated: 3_000 }, bulk_enrolment: { seconds: 0.2, people: 500, enrolled: 500 }, readiness: { seconds: 30, people: 60_000 } },
    settings: { connections: 10, warmup_s: 3, duration_s: 10, database: "SQLite", workers: 1 },
  };

  it("holds when every figure is inside its target", () => {
    expect(targetMisses(holding)).toEqual([]);
  });

  it("names each miss with its figure", () => {
    const missing = {
      ...holding,
      pages: [{ ...holding.pages[0], rps: 60, ratio: 0.3, p99_ms: TARGETS.maxP99Ms + 20, errors: 2 }],
      rss_mb: 350,
      operations: { ...holding.operations, staff_import: { seconds: 12, rows: 60_000, updated: 3_000 }, bulk_enrolment: { seconds: 1.5, people: 500, enrolled: 500 } },
    };
    const misses = targetMisses(missing);
    expect(misses).toHaveLength(6);
    expect(targetMisses({ ...holding, floor: { ...holding.floor, errors: 3 } })).toEqual(["floor: 3 answers were not 2xx, so no ratio can be trusted"]);
    expect(misses.join("\n")).toMatch(/team: 0\.3 of the floor/);
    expect(misses.join("\n")).toMatch(/p99 120 ms/);
    expect(misses.join("\n")).toMatch(/350 MB/);
    expect(misses.join("\n")).toMatch(/staff import: 12 s/);
    expect(misses.join("\n")).toMatch(/bulk enrolment: 1\.5 s/);
  });

  it("counts a page just under half the floor as a miss, though its ratio rounds to 0.5", () => {
    const floor = { ...holding.floor, rps: 319 };
    const page = { ...holding.pages[0], rps: 158.9 };
    const justUnder = { ...holding, floor, pages: [{ ...page, ratio: ratioTo(floor, page) }] };
    expect(justUnder.pages[0].ratio).toBe(0.5);
    expect(targetMisses(justUnder)).toEqual(["team: 0.498 of the floor's throughput (target 0.5)"]);
    // A hair under half, which rounded to three places would print as the target itself.
    const hairUnder = { ...justUnder, pages: [{ ...page, rps: 159.45 }] };
    expect(targetMisses(hairUnder)).toEqual(["team: 0.499 of the floor's throughput (target 0.5)"]);
  });
});

describe("the server it measures", () => {
  const root = new URL("../..", import.meta.url).pathname;

  it("is started as `npm start` starts it, heap ceiling included, so its memory is production's", async () => {
    const packageJson = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
    expect(packageJson.scripts.start).toContain(`node ${SERVER_NODE_ARGS.join(" ")}`);
    expect(SERVER_NODE_ARGS).toContain(`--max-old-space-size=${SERVER_HEAP_MB}`);
  });

  it("runs the compiled server, not TypeScript through a loader, in the primary and in every worker", { timeout: 60_000 }, async () => {
    const bench = await startBenchServer(root, env.databaseUrl, 2);
    try {
      const commandLines = bench.processes().map(commandLineOf);
      expect(commandLines).toHaveLength(3);
      for (const args of commandLines) {
        expect(path.resolve(root, args.at(-1)!)).toBe(path.join(root, SERVER_SCRIPT));
        expect(args.join(" ")).not.toMatch(/tsx/);
      }
    } finally {
      await bench.stop();
    }
  });

  it("with --workers, counts the memory of every process the server runs", { timeout: 60_000 }, async () => {
    const bench = await startBenchServer(root, env.databaseUrl, 2);
    try {
      const processes = bench.processes();
      expect(processes).toHaveLength(3);
      const total = bench.rssMb();
      expect(total).toBeGreaterThan(bench.largestProcessMb());
      expect((await fetch(`${bench.url}${FLOOR.path}`, { headers: { Cookie: await cookieFor("practitioner") } })).status).toBe(200);
    } finally {
      await bench.stop();
    }
    expect(bench.processes()).toEqual([]);
  });
});
