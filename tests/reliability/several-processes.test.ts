// Issue 9, "Several processes, one database": two production app processes (build/serve.js, as
// `npm start` runs them) on the one database the suite runs on, SQLite or PostgreSQL, with traffic over
// HTTP split between them. A small cohort is never overfilled, the waiting list keeps the order the
// requests were taken in, staff imports sent to both at once hold each person once, and every change
// has exactly one audit event. `npm run load:processes` runs the same at a larger scale.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cookieFor, seedDemo } from "../support/fixtures";
import { startAppProcesses, type AppProcess } from "../support/multi-process-servers";
import { bookableRun, bookInWaves, importAtOnce, importProblems, placeProblems, practitioners, staffFile } from "../support/multi-process-traffic";

let servers: AppProcess[] = [];

beforeAll(async () => {
  await seedDemo();
  servers = await startAppProcesses(2, process.env.DATABASE_URL!);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

// Each test waits on two node processes: allow for a busy machine.
describe("two app processes on one database", { timeout: 90_000 }, () => {
  it("fill a cohort of five from thirty requests split between them, in the order they were taken, each audited once", async () => {
    const run = await bookableRun("five", 5);
    const people = await practitioners(30);
    const bookings = await bookInWaves(servers, run, people, 3);
    expect(new Set(bookings.map((b) => b.server)).size).toBe(2);
    expect(await placeProblems(run, bookings)).toEqual([]);
    // Every request of the first wave was answered before the second wave asked: the first wave holds the places.
    const firstWave = bookings.filter((b) => b.wave === 0);
    expect(firstWave.filter((b) => b.outcome === "enrolled")).toHaveLength(5);
  });

  it("apply staff imports sent to both at once with each person held once", async () => {
    const cookie = await cookieFor("ld");
    // The files overlap by a hundred people: whichever applies second finds them already there.
    const statuses = await importAtOnce(servers, cookie, [staffFile("MP", 0, 200), staffFile("MP", 100, 300)]);
    expect(statuses).toEqual([200, 200]);
    expect(await importProblems("MP", 300)).toEqual([]);
  });

  it("print no error while they work", () => {
    for (const server of servers) expect(server.output()).not.toMatch(/error|SQLITE_BUSY|Storage failure/i);
  });
});
