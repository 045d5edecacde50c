// Plugins' scheduled jobs (a catalogue sync, say): run on their schedule by the server process and on
// demand from /admin, one at a time per job, each run recorded with its progress and its outcome.
import { JobFailure, type Job, type JobSummary, type ProgrammePlugin } from "../../plugins/sdk";
import { enabledPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { coreJobs } from "./metrics/snapshot-job.server";
import { pluginContext } from "./plugin-context.server";

/**
 * How a running job shows it is alive: it writes `heartbeat_at` this often, and a run silent for the
 * longer time has died with its process (killed, or the machine stopped). On SQLite a heartbeat waits
 * while the job's own write transaction holds the one connection; two minutes is far longer than any
 * job's transaction (a whole catalogue applies in seconds). Tests shorten both.
 */
export interface JobTiming {
  heartbeatEveryMs: number;
  silentAfterMs: number;
}
const TIMING: JobTiming = { heartbeatEveryMs: 15_000, silentAfterMs: 2 * 60_000 };
/** Progress is written at most this often, so a fast job does not write a row per item. */
const PROGRESS_EVERY_MS = 500;
const INTERRUPTED = { messageKey: "jobs.interrupted" } satisfies JobSummary;
const INTERRUPTED_ERROR = "The process running it stopped before it finished.";

export const jobKey = (plugin: ProgrammePlugin, job: Job) => `${plugin.id}:${job.id}`;

/**
 * The id of the job's latest run, as a sub-query. Asked one key at a time, each maximum is one step to
 * the end of the key's entries in `job_runs_latest_idx` (key, id); grouped by key, it was found by reading
 * every run each job ever had, and runs are kept (an hourly job adds some 8,760 a year).
 */
const latestRunOf = (key: string) => db().selectFrom("job_runs").select((eb) => eb.fn.max("id").as("id")).where("job_key", "=", key);

/** Each job's latest run; one whose process has stopped saying it is alive shows as interrupted. */
export async function lastRuns(keys: string[], now = new Date(), timing = TIMING) {
  if (keys.length === 0) return new Map<string, JobRunView>();
  const [first, ...others] = keys.map(latestRunOf);
  const latestIds = others.reduce((union, next) => union.unionAll(next), first);
  const rows = await db().selectFrom("job_runs").selectAll().where("id", "in", latestIds).execute();
  const latest = new Map<string, JobRunView>();
  const silentSince = silentSinceOf(now, timing);
  for (const row of rows) latest.set(row.job_key, isSilent(row, silentSince) ? asInterrupted(row) : { ...row, summary: row.summary_json ? (JSON.parse(row.summary_json) as JobSummary) : null });
  return latest;
}

const silentSinceOf = (now: Date, timing: JobTiming) => new Date(now.getTime() - timing.silentAfterMs).toISOString();
const lastSignOfLife = (run: { started_at: string; heartbeat_at: string | null }) => run.heartbeat_at ?? run.started_at;
const isSilent = (run: { status: string; started_at: string; heartbeat_at: string | null }, silentSince: string) => run.status === "running" && lastSignOfLife(run) < silentSince;

/** A run whose process died, as it will be recorded once the job is next started: failed when it last said it was alive. */
function asInterrupted<Row extends { started_at: string; heartbeat_at: string | null }>(run: Row) {
  return { ...run, status: "failed", finished_at: lastSignOfLife(run), error: INTERRUPTED_ERROR, summary: INTERRUPTED };
}

export interface JobRunView { id: number; job_key: string; status: string; started_at: string; finished_at: string | null; heartbeat_at: string | null; done: number; total: number; error: string | null; summary: JobSummary | null }

/**
 * Starts a run of the job unless one is still running, in one transaction under the job's lock, so two
 * processes pressing "Run now" together start it once. A run that has fallen silent is closed as
 * interrupted first. Answers the new run's id, or null when the job is already running.
 */
async function claimRun(key: string, actor: Actor, now: Date, timing: JobTiming): Promise<number | null> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await holdTransactionLock(trx, `job:${key}`);
      const running = await trx.selectFrom("job_runs").select(["id", "started_at", "heartbeat_at", "status"]).where("job_key", "=", key).where("status", "=", "running").executeTakeFirst();
      if (running && !isSilent(running, silentSinceOf(now, timing))) return null;
      if (running) {
        const interrupted = asInterrupted(running);
        await trx.updateTable("job_runs").set({ status: "failed", finished_at: interrupted.finished_at, error: INTERRUPTED_ERROR, summary_json: JSON.stringify(INTERRUPTED) }).where("id", "=", running.id).execute();
        await recordAudit(actor, { action: "job.interrupted", subjectType: "job", subjectId: key, after: { run: running.id, lastHeardFrom: interrupted.finished_at } }, trx);
      }
      const at = now.toISOString();
      const [run] = await trx.insertInto("job_runs").values({ job_key: key, status: "running", started_at: at, heartbeat_at: at, started_by: actor.personId, done: 0, total: 0 }).returning("id").execute();
      return run.id;
    });
}

/**
 * Runs one job now and records it. Answers the run's id, or null when that job is already running.
 * Errors are recorded on the run, never thrown: the caller is a timer or a button.
 */
export async function runJob(plugin: ProgrammePlugin, job: Job, actor: Actor = SYSTEM_ACTOR, timing = TIMING): Promise<number | null> {
  const started = await startJob(plugin, job, actor, timing);
  if (!started) return null;
  await started.finished;
  return started.runId;
}

/**
 * Starts a run and answers as soon as it is recorded, so a page that redirects at once already shows it
 * running; the job itself goes on in `finished`. Null when the job is already running.
 */
export async function startJob(plugin: ProgrammePlugin, job: Job, actor: Actor = SYSTEM_ACTOR, timing = TIMING) {
  const key = jobKey(plugin, job);
  const runId = await claimRun(key, actor, new Date(), timing);
  if (runId === null) return null;
  return { runId, finished: carryOut(plugin, job, runId, actor, timing) };
}

async function carryOut(plugin: ProgrammePlugin, job: Job, runId: number, actor: Actor, timing: JobTiming) {
  const key = jobKey(plugin, job);
  const heartbeat = setInterval(() => void beat(runId, {}), timing.heartbeatEveryMs);
  heartbeat.unref();
  let lastWrite = 0;
  const progress = (done: number, total: number) => {
    if (Date.now() - lastWrite < PROGRESS_EVERY_MS && done < total) return;
    lastWrite = Date.now();
    void beat(runId, { done, total });
  };
  try {
    const summary = await job.run(pluginContext(plugin, "en-GB", actor), progress);
    await finishRun(runId, key, actor, { status: "succeeded", summary_json: summary ? JSON.stringify(summary) : null });
  } catch (error) {
    const summary = error instanceof JobFailure ? error.summary : { messageKey: "jobs.failedUnexpectedly" };
    console.error(`Job ${key} failed: ${error instanceof Error ? error.message : String(error)}`);
    await finishRun(runId, key, actor, { status: "failed", summary_json: JSON.stringify(summary), error: error instanceof Error ? error.message : String(error) });
  } finally {
    clearInterval(heartbeat);
  }
}

/** The run is alive (and how far it has got). A failed write is logged, not thrown: the job goes on. */
async function beat(runId: number, progress: { done?: number; total?: number }) {
  try {
    await db().updateTable("job_runs").set({ ...progress, heartbeat_at: new Date().toISOString() }).where("id", "=", runId).where("status", "=", "running").execute();
  } catch (error) {
    console.error(`Could not record that job run ${runId} is alive: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The run's outcome and its audit event, together: a run seen finished has its audit written. */
async function finishRun(runId: number, key: string, actor: Actor, outcome: { status: "succeeded" | "failed"; summary_json: string | null; error?: string }) {
  const at = new Date().toISOString();
  await db()
    .transaction()
    .execute(async (trx) => {
      await trx.updateTable("job_runs").set({ ...outcome, finished_at: at, heartbeat_at: at }).where("id", "=", runId).execute();
      await recordAudit(actor, { action: "job.run", subjectType: "job", subjectId: key, after: { run: runId } }, trx);
    });
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
