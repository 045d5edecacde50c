// Plugins' scheduled jobs (a catalogue sync, say): run on their schedule by the server process and on
// demand from /admin, one at a time per job, each run recorded with its progress and its outcome.
import { JobFailure, type Job, type JobSummary, type ProgrammePlugin } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { coreJobs } from "./metrics/snapshot-job.server";
import { pluginContext } from "./plugin-context.server";

/** A run that has said nothing for this long is taken to have died with its process. */
const STALE_MINUTES = 30;
/** Progress is written at most this often, so a fast job does not write a row per item. */
const PROGRESS_EVERY_MS = 500;

export const jobKey = (plugin: ProgrammePlugin, job: Job) => `${plugin.id}:${job.id}`;

export async function lastRuns(keys: string[]) {
  if (keys.length === 0) return new Map<string, JobRunView>();
  const rows = await db()
    .selectFrom("job_runs")
    .selectAll()
    .where("id", "in", (qb) => qb.selectFrom("job_runs").select((eb) => eb.fn.max("id").as("id")).where("job_key", "in", keys).groupBy("job_key"))
    .execute();
  const latest = new Map<string, JobRunView>();
  for (const row of rows) if (!latest.has(row.job_key)) latest.set(row.job_key, { ...row, summary: row.summary_json ? (JSON.parse(row.summary_json) as JobSummary) : null });
  return latest;
}

export interface JobRunView { id: number; job_key: string; status: string; started_at: string; finished_at: string | null; done: number; total: number; error: string | null; summary: JobSummary | null }

async function isRunning(key: string, now: Date) {
  const since = new Date(now.getTime() - STALE_MINUTES * 60_000).toISOString();
  const row = await db().selectFrom("job_runs").select("id").where("job_key", "=", key).where("status", "=", "running").where("started_at", ">", since).executeTakeFirst();
  return row !== undefined;
}

/**
 * Runs one job now and records it. Answers the run's id, or null when that job is already running.
 * Errors are recorded on the run, never thrown: the caller is a timer or a button.
 */
export async function runJob(plugin: ProgrammePlugin, job: Job, actor: Actor = SYSTEM_ACTOR): Promise<number | null> {
  const key = jobKey(plugin, job);
  const now = new Date();
  if (await isRunning(key, now)) return null;
  const [run] = await db().insertInto("job_runs").values({ job_key: key, status: "running", started_at: now.toISOString(), started_by: actor.personId, done: 0, total: 0 }).returning("id").execute();
  let lastWrite = 0;
  const progress = (done: number, total: number) => {
    if (Date.now() - lastWrite < PROGRESS_EVERY_MS && done < total) return;
    lastWrite = Date.now();
    void db().updateTable("job_runs").set({ done, total }).where("id", "=", run.id).execute();
  };
  try {
    const summary = await job.run(pluginContext(plugin, "en-GB", actor), progress);
    await db().updateTable("job_runs").set({ status: "succeeded", finished_at: new Date().toISOString(), summary_json: summary ? JSON.stringify(summary) : null }).where("id", "=", run.id).execute();
  } catch (error) {
    const summary = error instanceof JobFailure ? error.summary : { messageKey: "jobs.failedUnexpectedly" };
    console.error(`Job ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
    await db().updateTable("job_runs").set({ status: "failed", finished_at: new Date().toISOString(), summary_json: JSON.stringify(summary), error: error instanceof Error ? error.message : String(error) }).where("id", "=", run.id).execute();
  }
  await recordAudit(actor, { action: "job.run", subjectType: "job", subjectId: key, after: { run: run.id } });
  return run.id;
}

/** The core's jobs, then every enabled plugin's. */
export async function allJobs() {
  return [coreJobs, ...(await enabledPlugins())].flatMap((plugin) => (plugin.jobs ?? []).map((job) => ({ plugin, job, key: jobKey(plugin, job) })));
}

/** Runs whatever is due: a job whose last run started longer ago than its interval, or that never ran. */
export async function runDueJobs(now = new Date()) {
  const jobs = await allJobs();
  const last = await lastRuns(jobs.map((j) => j.key));
  for (const { plugin, job, key } of jobs) {
    const previous = last.get(key);
    if (previous && Date.parse(previous.started_at) > now.getTime() - job.everyMinutes * 60_000) continue;
    await runJob(plugin, job);
  }
}

/** Checks for due jobs every minute in the server process; answers a function that stops it. */
export function startScheduler(intervalMs = 60_000) {
  const timer = setInterval(() => void runDueJobs().catch((error) => console.error(`The job scheduler failed: ${error}`)), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
