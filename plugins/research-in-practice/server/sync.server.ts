// Syncing the outside catalogue: fetch every changed page (incremental by last-modified), check each
// item, then apply them all in one transaction. A failed page, a timeout, a server error or a rate limit
// that outlasts its retries applies nothing, so the last good catalogue stays; a malformed item is
// skipped and reported and the rest apply. Withdrawn courses and runs are marked, never deleted.
import type { Kysely } from "kysely";
import type { ZodIssue } from "zod";
import { JobFailure, type JobDetail, type JobSummary } from "../../sdk";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { planSessions } from "../../../app/services/cohorts.server";
import { fillFreePlaces } from "../../../app/services/enrolment.server";
import { londonToday } from "../../../app/utils/london-time";
import { courseSchema, pageSchema, type FeedCourse } from "../feed";
import { PLUGIN_ID } from "../programme";
import type { RipDatabase } from "./db.server";

export interface FeedConfig {
  url: string;
  token: string;
  timeoutMs?: number;
  /** How many times a rate-limited request is retried after waiting as Retry-After says. */
  maxRetries?: number;
  /** The longest Retry-After honoured, in seconds; a provider asking for longer fails the run. */
  maxWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

const CURSOR = "cursor";

const fail = (messageKey: string, values: Record<string, string | number> = {}, details: string[] = []): never => {
  throw new JobFailure({ messageKey, values, details });
};

/** Seconds to wait from a Retry-After header: a number of seconds or an HTTP date. */
export function retryAfterSeconds(header: string | null, now = Date.now()) {
  if (!header) return 1;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1 : Math.max(0, Math.ceil((at - now) / 1000));
}

async function fetchPage(config: FeedConfig, page: number, since: string | null) {
  const url = new URL(config.url);
  url.searchParams.set("page", String(page));
  if (since) url.searchParams.set("since", since);
  const sleep = config.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 0; ; attempt += 1) {
    let response: Response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${config.token}`, Accept: "application/json" }, signal: AbortSignal.timeout(config.timeoutMs ?? 15_000) });
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return fail(timedOut ? "sync.errors.timeout" : "sync.errors.unreachable", { page });
    }
    if (response.status === 429) {
      const wait = retryAfterSeconds(response.headers.get("Retry-After"));
      if (attempt >= (config.maxRetries ?? 3) || wait > (config.maxWaitSeconds ?? 60)) return fail("sync.errors.rateLimited", { page, seconds: wait, count: wait });
      await sleep(wait * 1000);
      continue;
    }
    if (response.status >= 500) return fail("sync.errors.server", { page, status: response.status });
    if (response.status === 401 || response.status === 403) return fail("sync.errors.refused", { page, status: response.status });
    if (!response.ok) return fail("sync.errors.status", { page, status: response.status });
    const body = await response.json().catch(() => undefined);
    const parsed = pageSchema.safeParse(body);
    if (!parsed.success || parsed.data.page !== page) return fail("sync.errors.malformedPage", { page });
    return parsed.data;
  }
}

/**
 * The failures worded with the pages read before them: `count` goes with `fetched` so the English reads
 * "1 page" and "2 pages". It is stored in the run's summary, which /admin translates later.
 */
const COUNTS_PAGES_READ = new Set(["sync.errors.server", "sync.errors.malformedPage"]);

/** Every page changed since the cursor; any failure throws before anything is applied. */
export async function fetchChanged(config: FeedConfig, since: string | null) {
  const items: unknown[] = [];
  let pages = 0;
  for (let page: number | null = 1; page !== null; ) {
    const result: Awaited<ReturnType<typeof fetchPage>> = await fetchPage(config, page, since).catch((error) => {
      if (error instanceof JobFailure) error.summary.values = { ...error.summary.values, fetched: pages, ...(COUNTS_PAGES_READ.has(error.summary.messageKey) ? { count: pages } : {}) };
      throw error;
    });
    items.push(...result.items);
    pages += 1;
    page = result.nextPage;
  }
  return { items, pages };
}

/** A problem with one field of a skipped item, as a key /admin words in its reader's language. */
function problemOf(id: string, issue: ZodIssue): JobDetail {
  const key = issue.code === "custom" && issue.message.startsWith("sync.problems.") ? issue.message : "sync.problems.invalid";
  return { key, values: { id, field: issue.path.join(".") || "item" } };
}

/** Splits the items into courses and the ones that do not match the feed's schema, with each problem. */
export function checkItems(items: unknown[]) {
  const courses: FeedCourse[] = [];
  const skipped: JobDetail[][] = [];
  items.forEach((item, index) => {
    const parsed = courseSchema.safeParse(item);
    // Offsets differ between items; compared as text, only UTC orders correctly.
    if (parsed.success) courses.push({ ...parsed.data, lastModified: new Date(parsed.data.lastModified).toISOString() });
    else {
      const id = typeof item === "object" && item !== null && "id" in item ? String((item as { id: unknown }).id) : `#${index + 1}`;
      skipped.push(parsed.error.issues.map((issue) => problemOf(id, issue)));
    }
  });
  return { courses, skipped };
}

export interface ApplyCounts {
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
}

/**
 * Applies one run; answers its cohort's id when the run is still on offer (to come, not withdrawn), so any
 * places free there go to those waiting: its capacity may have risen now, or while it was withdrawn or
 * before it was postponed, when nobody could be given a place.
 */
async function applyRun(trx: Kysely<RipDatabase>, course: FeedCourse, run: FeedCourse["runs"][number], now: string): Promise<number | undefined> {
  const existing = await trx.selectFrom("research_in_practice_runs").selectAll().where("id", "=", run.id).executeTakeFirst();
  // Core pages show the cohort's name as it is, in either language, so it carries no raw date; the dates
  // are worded where the cohort is shown. Booking stays open until the run starts, wherever it moves.
  const cohort = { name: course.title, starts_on: run.startsOn, ends_on: run.endsOn, enrolment_closes_on: run.startsOn, capacity: run.capacity, venue: run.venue, requires_manager_approval: run.managerApproval ? 1 : 0, updated_at: now };
  const [session] = planSessions({ firstDate: run.startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 390, titles: [course.title] });
  if (existing) {
    await trx.updateTable("cohorts").set(cohort).where("id", "=", existing.cohort_id).execute();
    await trx.updateTable("cohort_sessions").set({ title: course.title, starts_at: session.starts_at, ends_at: session.ends_at, location: run.venue }).where("id", "=", existing.session_id).execute();
    await trx.updateTable("research_in_practice_runs").set({ withdrawn: course.withdrawn ? 1 : 0 }).where("id", "=", run.id).execute();
    const stillOffered = !course.withdrawn && run.startsOn > londonToday(new Date(now));
    return stillOffered ? existing.cohort_id : undefined;
  }
  const [row] = await trx.insertInto("cohorts").values({ ...cohort, programme_id: PLUGIN_ID, enrolment_opens_on: null, online_url: null, created_at: now }).returning("id").execute();
  const [sessionRow] = await trx.insertInto("cohort_sessions").values({ ...session, cohort_id: row.id, location: run.venue }).returning("id").execute();
  await trx.insertInto("research_in_practice_runs").values({ id: run.id, course_id: course.id, cohort_id: row.id, session_id: sessionRow.id, tailored: 0, withdrawn: course.withdrawn ? 1 : 0 }).execute();
  return undefined;
}

/**
 * Applies checked courses: newer ones replace what is held; runs dropped from a course are withdrawn.
 * The cohorts of changed runs still on offer are added to `offered`, so their free places can be filled.
 */
export async function applyCourses(trx: Kysely<RipDatabase>, courses: FeedCourse[], now = new Date(), offered: number[] = []): Promise<ApplyCounts> {
  const stamp = now.toISOString();
  const counts: ApplyCounts = { added: 0, updated: 0, unchanged: 0, withdrawn: 0 };
  for (const course of courses) {
    const held = await trx.selectFrom("research_in_practice_courses").select(["last_modified", "withdrawn"]).where("id", "=", course.id).executeTakeFirst();
    if (held && held.last_modified >= course.lastModified) {
      counts.unchanged += 1;
      continue;
    }
    const row = { title: course.title, format: course.format, summary: course.summary, objectives_json: JSON.stringify(course.objectives), cpd_hours: course.cpdHours, kss_json: JSON.stringify(course.kss), pcf_json: JSON.stringify(course.pcf), last_modified: course.lastModified, withdrawn: course.withdrawn ? 1 : 0, synced_at: stamp };
    await trx.insertInto("research_in_practice_courses").values({ id: course.id, ...row }).onConflict((oc) => oc.column("id").doUpdateSet(row)).execute();
    for (const run of course.runs) {
      const cohortId = await applyRun(trx, course, run, stamp);
      if (cohortId !== undefined) offered.push(cohortId);
    }
    const dropped = trx.updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("course_id", "=", course.id).where("tailored", "=", 0);
    await (course.runs.length ? dropped.where("id", "not in", course.runs.map((r) => r.id)) : dropped).execute();
    if (course.withdrawn) counts.withdrawn += 1;
    else if (held) counts.updated += 1;
    else counts.added += 1;
  }
  return counts;
}

/** The whole sync, as the scheduled job and "sync now" run it. */
export async function syncCatalogue(db: Kysely<RipDatabase>, config: FeedConfig, progress: (done: number, total: number) => void, now = new Date()): Promise<JobSummary> {
  const cursor = await db.selectFrom("research_in_practice_sync").select("value").where("key", "=", CURSOR).executeTakeFirst();
  const { items, pages } = await fetchChanged(config, cursor?.value ?? null);
  const { courses, skipped } = checkItems(items);
  progress(0, courses.length);
  const offered: number[] = [];
  const counts = await db.transaction().execute(async (trx) => {
    const applied = await applyCourses(trx, courses, now, offered);
    const newest = courses.map((c) => c.lastModified).sort().pop();
    if (newest && (!cursor || newest > cursor.value)) {
      await trx.insertInto("research_in_practice_sync").values({ key: CURSOR, value: newest }).onConflict((oc) => oc.column("key").doUpdateSet({ value: newest })).execute();
    }
    return applied;
  });
  // After the commit: each cohort's lock is its own transaction. Places come free when the provider
  // raises a capacity, so nobody here freed them; the promotions are the system's. A run with none free
  // promotes nobody.
  for (const cohortId of offered) await fillFreePlaces(cohortId, SYSTEM_ACTOR);
  progress(courses.length, courses.length);
  return { messageKey: skipped.length ? "sync.doneWithSkipped" : "sync.done", values: { pages, ...counts, skipped: skipped.length }, details: skipped.flat() };
}
