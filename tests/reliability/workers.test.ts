// PATHWAYS_WORKERS: `npm start` as several worker processes on one port (scripts/lib/workers.ts), so one
// machine's cores all serve. The workers share the requests, only the first runs the scheduled jobs, one
// that dies is replaced while the others serve, they all stop with the server (Ctrl-C included), and a
// count that is not a whole number stops the server with a message that says so.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { childrenOf, cpuTicksOf, environmentEntryOf, isRunning } from "../../scripts/lib/proc";
import { seedDemo } from "../support/fixtures";
import { startAppProcesses, type AppProcess } from "../support/multi-process-servers";

const schedulerSetting = (pid: number) => environmentEntryOf(pid, "PATHWAYS_SCHEDULER");

async function untilTrue(check: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A page's status, each on a connection of its own, as a new visitor's browser would ask. */
const pageStatus = (url: string) =>
  new Promise<number>((resolve, reject) => {
    http
      .get(`${url}/accessibility`, { agent: false }, (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
      })
      .once("error", reject);
  });
const pageStatuses = (url: string, count: number) => Promise.all(Array.from({ length: count }, () => pageStatus(url)));

let server: AppProcess;

beforeAll(async () => {
  await seedDemo();
  [server] = await startAppProcesses(1, process.env.DATABASE_URL!, { PATHWAYS_WORKERS: "2" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe("PATHWAYS_WORKERS=2", { timeout: 90_000 }, () => {
  it("says it is listening once both workers are, and the jobs run in the first worker only", () => {
    expect(server.output()).toMatch(/Pathways is listening on http:\/\/localhost:\d+ with 2 workers/);
    const workers = childrenOf(server.pid);
    expect(workers).toHaveLength(2);
    expect(workers.map(schedulerSetting).sort()).toEqual(["PATHWAYS_SCHEDULER=0", "PATHWAYS_SCHEDULER=1"]);
  });

  it("shares the requests between the workers", async () => {
    const workers = childrenOf(server.pid);
    const before = workers.map(cpuTicksOf);
    // Concurrent requests open several connections, which the primary hands to the workers in turn.
    expect(new Set(await pageStatuses(server.url, 60))).toEqual(new Set([200]));
    const used = workers.map((pid, i) => cpuTicksOf(pid) - before[i]);
    expect(used.every((ticks) => ticks > 0)).toBe(true);
  });

  it("starts another worker in place of one that dies, and the other answers meanwhile", async () => {
    const [killed, survivor] = childrenOf(server.pid);
    process.kill(killed, "SIGKILL");
    // What the killed worker was answering is lost with it, as with any process killed.
    await untilTrue(() => /Worker \d stopped \(SIGKILL\); starting another in its place/.test(server.output()), "the primary says why it starts another");
    expect(new Set(await pageStatuses(server.url, 10))).toEqual(new Set([200]));
    await untilTrue(() => childrenOf(server.pid).length === 2 && !childrenOf(server.pid).includes(killed), "a new worker replaces the one killed");
    expect(childrenOf(server.pid)).toContain(survivor);
    // The replacement takes the killed worker's place, jobs included: still exactly one runs them.
    expect(childrenOf(server.pid).map(schedulerSetting).sort()).toEqual(["PATHWAYS_SCHEDULER=0", "PATHWAYS_SCHEDULER=1"]);
  });

  it("stops every worker when the server is told to stop", async () => {
    const workers = childrenOf(server.pid);
    await server.stop();
    await untilTrue(() => workers.every((pid) => !isRunning(pid)), "every worker has stopped", 15_000);
    expect(isRunning(server.pid)).toBe(false);
  });
});

describe("Ctrl-C in the terminal running PATHWAYS_WORKERS=2", { timeout: 90_000 }, () => {
  it("stops every worker through the primary, and starts none in their place", async () => {
    const [running] = await startAppProcesses(1, process.env.DATABASE_URL!, { PATHWAYS_WORKERS: "2" });
    const workers = childrenOf(running.pid);
    expect(workers).toHaveLength(2);
    // Ctrl-C reaches every process of the terminal's group, in no set order: here the workers first.
    for (const pid of workers) process.kill(pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(workers.every(isRunning)).toBe(true);
    process.kill(running.pid, "SIGINT");
    await untilTrue(() => !isRunning(running.pid), "the server has stopped", 15_000);
    expect(workers.some(isRunning)).toBe(false);
    expect(running.output()).not.toMatch(/starting another in its place/);
  });
});

describe("PATHWAYS_WORKERS that is not a whole number", () => {
  it("stops the server before it serves, with a message that names the setting", async () => {
    await expect(startAppProcesses(1, process.env.DATABASE_URL!, { PATHWAYS_WORKERS: "two" })).rejects.toThrow(/PATHWAYS_WORKERS must be a whole number from 1 to 64, not "two"\./);
  }, 60_000);
});
