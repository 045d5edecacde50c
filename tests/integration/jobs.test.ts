// A scheduled job says it is alive while it runs, so a run whose process died shows as interrupted
// within minutes and can be started again; a live run is never started twice, even by two callers at once.
import { beforeAll, describe, expect, it } from "vitest";
import { definePlugin, type Job } from "../../plugins/sdk";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { jobKey, lastRuns, runJob, startJob } from "../../app/services/jobs.server";
import { jobViews } from "../../app/services/job-views.server";
import { db } from "../../app/utils/db.server";
import { jobHeartbeat } from "../../db/migrations/0012-job-heartbeat";
import { seedDemo } from "../support/fixtures";

beforeAll(seedDemo);

const FAST = { heartbeatEveryMs: 20, silentAfterMs: 300 };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function jobOf(id: string, run: Job["run"]) {
  const job: Job = { id, everyMinutes: 60, run };
  return { job, plugin: definePlugin({ id: "common", version: "1", titleKey: "metrics.title", summaryKey: "metrics.intro", migrations: {}, locales: {}, jobs: [job] }) };
}

/** A "running" row as a process killed part way leaves it: it last said it was alive `silentForMs` ago. */
async function leftRunningByADeadProcess(key: string, silentForMs: number) {
  const at = new Date(Date.now() - silentForMs).toISOString();
  const [row] = await db().insertInto("job_runs").values({ job_key: key, status: "running", started_at: at, heartbeat_at: at, done: 20, total: 60 }).returning("id").execute();
  return row.id;
}

const runRow = (id: number) => db().selectFrom("job_runs").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("scheduled jobs", () => {
  it("write a heartbeat while they run, and finish as succeeded", async () => {
    let release!: () => void;
    const { plugin, job } = jobOf("slow", () => new Promise((resolve) => (release = () => resolve({ messageKey: "jobs.never" }))));
    const running = runJob(plugin, job, SYSTEM_ACTOR, FAST);
    await pause(50);
    const [{ id, heartbeat_at: first }] = await db().selectFrom("job_runs").select(["id", "heartbeat_at"]).where("job_key", "=", jobKey(plugin, job)).execute();
    await pause(100);
    expect((await runRow(id)).heartbeat_at! > first!).toBe(true);
    release();
    expect(await running).toBe(id);
    expect(await runRow(id)).toMatchObject({ status: "succeeded", error: null });
  });

  it("are recorded running before 'Run now' answers, and finish with their audit event in the same step", async () => {
    let release!: () => void;
    const { plugin, job } = jobOf("run-now", () => new Promise((resolve) => (release = () => resolve(undefined))));
    const started = await startJob(plugin, job, SYSTEM_ACTOR, FAST);
    expect(await runRow(started!.runId)).toMatchObject({ status: "running" });
    const audited = () => db().selectFrom("audit_events").select("action").where("subject_id", "=", jobKey(plugin, job)).execute();
    expect(await audited()).toEqual([]);
    release();
    await started!.finished;
    expect(await runRow(started!.runId)).toMatchObject({ status: "succeeded" });
    expect(await audited()).toEqual([{ action: "job.run" }]);
  });

  it("start a live job once, even when two callers ask at the same moment", async () => {
    let release!: () => void;
    const started: number[] = [];
    const { plugin, job } = jobOf("once", () => {
      started.push(Date.now());
      return new Promise((resolve) => (release = () => resolve(undefined)));
    });
    const [first, second] = [runJob(plugin, job, SYSTEM_ACTOR, FAST), runJob(plugin, job, SYSTEM_ACTOR, FAST)];
    expect(await Promise.race([first, second])).toBeNull();
    // Still alive well past the time a silent run is given up on: its heartbeat keeps it running.
    await pause(FAST.silentAfterMs * 2);
    expect(await runJob(plugin, job, SYSTEM_ACTOR, FAST)).toBeNull();
    release();
    await Promise.all([first, second]);
    expect(started).toHaveLength(1);
  });

  it("show a run whose process died as interrupted, without writing anything on the page's read", async () => {
    const { plugin, job } = jobOf("killed-view", async () => undefined);
    const key = jobKey(plugin, job);
    const dead = await leftRunningByADeadProcess(key, 5 * 60_000);
    const [view] = [...(await lastRuns([key])).values()];
    expect(view).toMatchObject({ id: dead, status: "failed", summary: { messageKey: "jobs.interrupted" } });
    expect((await runRow(dead)).status).toBe("running");

    // Half a minute of silence is not yet death: a busy process may simply not have written.
    const recentKey = jobKey(plugin, { ...job, id: "killed-recently" });
    const recent = await leftRunningByADeadProcess(recentKey, 30_000);
    expect((await lastRuns([recentKey])).get(recentKey)).toMatchObject({ id: recent, status: "running" });
  });

  it("cannot hold two running runs of one job, whichever process writes them", async () => {
    const key = "common:two-writers";
    await leftRunningByADeadProcess(key, 0);
    await expect(leftRunningByADeadProcess(key, 0)).rejects.toThrow(/unique/i);
  });

  it("start again after a process died part way, closing the dead run as interrupted and auditing it", async () => {
    let ran = 0;
    const { plugin, job } = jobOf("killed-rerun", async () => {
      ran += 1;
      return { messageKey: "jobs.never" };
    });
    const key = jobKey(plugin, job);
    const dead = await leftRunningByADeadProcess(key, 5 * 60_000);
    const again = await runJob(plugin, job, SYSTEM_ACTOR);
    expect(again).not.toBeNull();
    expect(ran).toBe(1);
    expect(await runRow(dead)).toMatchObject({ status: "failed", error: "The process running it stopped before it finished.", finished_at: (await runRow(dead)).heartbeat_at });
    expect(await runRow(again!)).toMatchObject({ status: "succeeded" });
    const audits = await db().selectFrom("audit_events").select(["action", "after_json"]).where("subject_id", "=", key).orderBy("id").execute();
    expect(audits.map((a) => a.action)).toEqual(["job.interrupted", "job.run"]);
    expect(JSON.parse(audits[0].after_json!)).toMatchObject({ run: dead });
  });

  it("tell /admin, in English and Welsh, that a run stopped part way and can be run again", async () => {
    const dead = await leftRunningByADeadProcess("research-in-practice:catalogue-sync", 5 * 60_000);
    for (const [locale, words] of [["en-GB", "Run it again to finish it."], ["cy", "Rhedwch hi eto i'w gorffen."]] as const) {
      const sync = (await jobViews(locale)).find((j) => j.key === "research-in-practice:catalogue-sync")!;
      expect(sync.run).toMatchObject({ status: "failed" });
      expect(sync.run!.outcome).toContain(words);
    }
    await db().deleteFrom("job_runs").where("id", "=", dead).execute();
  });

  it("word each skipped item's problem in the reader's language, and show lines saved as plain text as they are", async () => {
    const at = new Date().toISOString();
    const summary = { messageKey: "sync.doneWithSkipped", values: { pages: 1, added: 0, updated: 0, withdrawn: 0, unchanged: 0, skipped: 2 }, details: [{ key: "sync.problems.invalid", values: { id: "c-9", field: "kss.0" } }, "c-8: title Required"] };
    const [saved] = await db().insertInto("job_runs").values({ job_key: "research-in-practice:catalogue-sync", status: "succeeded", started_at: at, heartbeat_at: at, finished_at: at, done: 1, total: 1, summary_json: JSON.stringify(summary) }).returning("id").execute();
    try {
      for (const [locale, words] of [["en-GB", "c-9: kss.0 is missing or not in the agreed format."], ["cy", "c-9: mae kss.0 ar goll neu nid yw yn y fformat y cytunwyd arno."]] as const) {
        const sync = (await jobViews(locale)).find((j) => j.key === "research-in-practice:catalogue-sync")!;
        expect(sync.run!.details).toEqual([words, "c-8: title Required"]);
      }
    } finally {
      await db().deleteFrom("job_runs").where("id", "=", saved.id).execute();
    }
  });

  it("word an outcome saved before its message took plural forms, not show its key", async () => {
    const at = new Date().toISOString();
    const summary = { messageKey: "sync.errors.server", values: { status: 503, page: 3, fetched: 2 } };
    const [saved] = await db().insertInto("job_runs").values({ job_key: "research-in-practice:catalogue-sync", status: "failed", started_at: at, heartbeat_at: at, finished_at: at, done: 2, total: 0, summary_json: JSON.stringify(summary) }).returning("id").execute();
    try {
      for (const [locale, words] of [["en-GB", "on page 3 (2 pages read before it)"], ["cy", "ar dudalen 3 (tudalennau a ddarllenwyd cyn hynny: 2)"]] as const) {
        const sync = (await jobViews(locale)).find((j) => j.key === "research-in-practice:catalogue-sync")!;
        expect(sync.run!.outcome).toContain(words);
      }
    } finally {
      await db().deleteFrom("job_runs").where("id", "=", saved.id).execute();
    }
  });

  it("close, when migrating, the older runs a killed process left 'running', keeping only each job's newest", async () => {
    await jobHeartbeat.down!(db());
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();
    const leftOver = await db()
      .insertInto("job_runs")
      .values([40, 20, 5].map((minutesAgo) => ({ job_key: "common:before-heartbeats", status: "running" as const, started_at: at(minutesAgo), done: 0, total: 0 })))
      .returning("id")
      .execute();
    await jobHeartbeat.up(db());
    const rows = await db().selectFrom("job_runs").select(["id", "status", "finished_at", "started_at"]).where("job_key", "=", "common:before-heartbeats").orderBy("id").execute();
    expect(rows.map((r) => r.id)).toEqual(leftOver.map((r) => r.id));
    expect(rows.map((r) => r.status)).toEqual(["failed", "failed", "running"]);
    expect(rows[0].finished_at).toBe(rows[0].started_at);
  });
});
