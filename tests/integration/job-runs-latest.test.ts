// /admin and the scheduler find each job's latest run, and runs are never pruned (an hourly job adds some
// 8,760 a year). Each job's latest is one step into core migration 0024's index on (job_key, id), whatever
// the job's history; grouped by job, the highest id was found by reading every run the job ever had.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { lastRuns } from "../../app/services/jobs.server";
import { db } from "../../app/utils/db.server";
import { onPostgres } from "../support/test-database";
import { postgresPlan, sqlitePlan, sqliteProgram, statementsRunBy } from "../support/statement-plans";

const HOURLY = "common:latest-hourly";
const DAILY = "common:latest-daily";
const NEVER_RAN = "common:latest-never-ran";
/** Runs written a statement at a time, within both engines' limits on parameters. */
const BATCH = 500;

/** A past run of the job, as the scheduler leaves it once finished. */
const pastRun = (key: string, hoursAgo: number) => {
  const at = new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  return { job_key: key, status: "succeeded" as const, started_at: at, heartbeat_at: at, finished_at: at, done: 1, total: 1 };
};

/** A run per hour for the hourly job and one a day for the daily, interleaved as they were written. */
async function history(hours: number) {
  const runs = Array.from({ length: hours }, (_, n) => hours - n).flatMap((hoursAgo) => [pastRun(HOURLY, hoursAgo), ...(hoursAgo % 24 === 0 ? [pastRun(DAILY, hoursAgo)] : [])]);
  for (let start = 0; start < runs.length; start += BATCH) await db().insertInto("job_runs").values(runs.slice(start, start + BATCH)).execute();
}

/**
 * How the statement's program reads `job_runs_latest_idx`: with how many cursors, whether it seeks a
 * job's entries from their end, and whether it ever steps forward through them. Taking each job's highest
 * id, it seeks to the job's last entry and leaves; reading a job's every run steps forward through them.
 */
async function stepsOnTheIndex(statement: Parameters<typeof sqliteProgram>[0]) {
  const { rootpage } = (await sql<{ rootpage: number }>`select rootpage from sqlite_schema where name = 'job_runs_latest_idx'`.execute(db())).rows[0];
  const program = await sqliteProgram(statement);
  const cursors = new Set(program.filter((op) => op.opcode === "OpenRead" && op.p2 === rootpage).map((op) => op.p1));
  const onIndex = program.filter((op) => cursors.has(op.p1)).map((op) => op.opcode);
  return { cursors: cursors.size, seeksFromTheEnd: onIndex.includes("SeekLE"), stepsForward: onIndex.includes("Next") };
}

let latestHourly: number;
let latestDaily: number;

beforeAll(async () => {
  await history(2_000);
  const [daily] = await db().insertInto("job_runs").values({ ...pastRun(DAILY, 0), status: "failed" as const, summary_json: JSON.stringify({ messageKey: "jobs.failedUnexpectedly" }) }).returning("id").execute();
  const [hourly] = await db().insertInto("job_runs").values({ ...pastRun(HOURLY, 0), status: "running" as const, finished_at: null }).returning("id").execute();
  [latestDaily, latestHourly] = [daily.id, hourly.id];
  await sql`analyze`.execute(db());
});

describe("each job's latest run", () => {
  it("is the job's last written run, whatever its history, and none for a job that never ran", async () => {
    const last = await lastRuns([HOURLY, DAILY, NEVER_RAN]);
    expect([...last.keys()].sort()).toEqual([DAILY, HOURLY]);
    expect(last.get(HOURLY)).toMatchObject({ id: latestHourly, status: "running" });
    expect(last.get(DAILY)).toMatchObject({ id: latestDaily, status: "failed", summary: { messageKey: "jobs.failedUnexpectedly" } });
    expect((await lastRuns([DAILY])).get(DAILY)).toMatchObject({ id: latestDaily });
  });

  it("is found by one step into the index on job and id for each job, not by reading the job's every run", async () => {
    const keys = [HOURLY, DAILY, NEVER_RAN];
    const [statement] = await statementsRunBy(() => lastRuns(keys));
    if (onPostgres()) {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'job_runs_latest_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/job_runs.*\(job_key, id\)/)]);
      // With the statistics gathered above, each job that ran is read backwards from its highest id, one
      // entry taken (by this index, or by id where its runs are the table's latest); never the whole table
      // grouped by job. A job that never ran costs a look either way.
      const plan = await postgresPlan(statement);
      expect(plan.match(/-> {2}Limit/g)?.length ?? 0, plan).toBeGreaterThanOrEqual(2);
      expect(plan.match(/Scan Backward using job_runs_/g)?.length ?? 0, plan).toBeGreaterThanOrEqual(2);
      expect(plan, plan).not.toMatch(/Seq Scan on job_runs|Group Key: job_runs/);
    } else {
      const plan = await sqlitePlan(statement);
      expect(plan.match(/SEARCH job_runs USING COVERING INDEX job_runs_latest_idx \(job_key=\?\)/g)).toHaveLength(keys.length);
      expect(plan).not.toContain("TEMP B-TREE");
      expect(await stepsOnTheIndex(statement)).toEqual({ cursors: keys.length, seeksFromTheEnd: true, stepsForward: false });
    }
  });
});
