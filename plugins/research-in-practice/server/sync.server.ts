// Syncing the outside catalogue: fetch every changed page (incremental by last-modified), check each
// item, then apply them all in one transaction. A failed page, a timeout, a server error or a rate limit
// that outlasts its retries applies nothing, so the last good catalogue stays; a malformed item is
// skipped and reported and the rest apply, a batch to a statement (a run the feed left as it was writes
// nothing). Withdrawn courses and runs are marked, never deleted. Each course and run created, changed or
// withdrawn is audited in the same transaction, in which every withdrawn run not yet started has its
// requests and waiting list closed (whenever it was withdrawn), each person told, and those booked on a
// run this sync withdrew told too, as are those on a run it moved to another date or venue and those whose
// bookings stand again on a run it offered again; then every run on offer with a place free and people
// waiting gives them the places.
import type { Kysely } from "kysely";
import type { ZodIssue } from "zod";
import { JobFailure, type AuditInput, type JobDetail, type JobSummary } from "../../sdk";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { fillFreePlaces } from "../../../app/services/enrolment.server";
import { chunks } from "../../../app/services/readiness.server";
import { londonToday } from "../../../app/utils/london-time";
import { courseSchema, pageSchema, toHundredths, type FeedCourse } from "../feed";
import type { RipDatabase } from "./db.server";
import { tellLearnersOfMovedRuns } from "./run-moved.server";
import { tellLearnersOfReinstatedRuns } from "./run-reinstated.server";
import { closeWithdrawnRuns, cohortsWithPlacesForThoseWaiting } from "./run-places.server";
import { applyRuns, changesBetween, RUN_WITHDRAWN } from "./sync-runs.server";

export interface FeedConfig {
  url: string;
  token: string;
  timeoutMs?: number;
  /** How many times a rate-limited request is retried after waiting as Retry-After says. */
  maxRetries?: number;
  /** The longest Retry-After honoured, in seconds; a provider asking for longer fails the run. */
  maxWaitSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The clock a course's `lastModified` is checked against (`FUTURE_ALLOWANCE_MS`) and the cursor kept
   * behind: the sync's own `now` unless given. Tests whose feeds date changes years ahead, to be newer than
   * anything held, set it, as they set `sleep`, while the runs' dates still count from the real today.
   */
  lastModifiedClock?: () => Date;
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

/**
 * Every page changed since the cursor; any failure throws before anything is applied. It ends: each page's
 * `nextPage` is after it and at most `MAX_PAGES`, or the page is malformed (`pageSchema`).
 */
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

/**
 * How far after our clock a course's `lastModified` may be and still apply. A course that applies keeps its
 * date, and only a later one replaces it, so one dated next year would refuse every correction until then.
 * Five minutes covers a provider's clock running a little ahead of ours (servers kept to time differ by far
 * less), while a change dated further ahead than that is the provider's mistake: it is skipped and reported,
 * and read again on each sync until it is put right or its time comes.
 */
export const FUTURE_ALLOWANCE_MS = 5 * 60_000;

/** An item's id for its problems: its own, or its place in the feed when it has none. */
const idOf = (item: unknown, index: number) => (typeof item === "object" && item !== null && "id" in item ? String((item as { id: unknown }).id) : `#${index + 1}`);

/** A skipped item's `lastModified` in UTC, or null when it has none the feed's schema reads. */
function modifiedOf(item: unknown) {
  const value = typeof item === "object" && item !== null && "lastModified" in item ? (item as { lastModified: unknown }).lastModified : undefined;
  const parsed = courseSchema.shape.lastModified.safeParse(value);
  return parsed.success ? new Date(parsed.data).toISOString() : null;
}

/** What is wrong with an item, or nothing: its schema's problems, or a date too far after `now`. */
function problemsOf(item: unknown, index: number, now: Date | undefined): { course?: FeedCourse; problems: JobDetail[] } {
  const parsed = courseSchema.safeParse(item);
  if (!parsed.success) return { problems: parsed.error.issues.map((issue) => problemOf(idOf(item, index), issue)) };
  // Offsets differ between items; compared as text, only UTC orders correctly.
  const course = { ...parsed.data, lastModified: new Date(parsed.data.lastModified).toISOString() };
  const tooLate = now !== undefined && Date.parse(course.lastModified) > now.getTime() + FUTURE_ALLOWANCE_MS;
  return { course, problems: tooLate ? [{ key: "sync.problems.inFuture", values: { id: course.id, field: "lastModified" } }] : [] };
}

/**
 * Splits the items into courses and the ones skipped, with each problem: those that do not match the feed's
 * schema and, given the sync's `now`, those dated after it by more than `FUTURE_ALLOWANCE_MS`. The bundled
 * sample catalogue, applied by the seed at any moment a test fixes, is checked without a clock. Answers too
 * each skipped item's `lastModified` (null where it cannot be read), which holds the cursor back.
 */
export function checkItems(items: unknown[], now?: Date) {
  const courses: FeedCourse[] = [];
  const skipped: JobDetail[][] = [];
  const skippedModified: (string | null)[] = [];
  items.forEach((item, index) => {
    const { course, problems } = problemsOf(item, index, now);
    if (course && !problems.length) courses.push(course);
    else {
      skipped.push(problems);
      skippedModified.push(course ? course.lastModified : modifiedOf(item));
    }
  });
  return { courses, skipped, skippedModified };
}

export interface ApplyCounts {
  added: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
}

/** What the audit trail keeps of a course: everything the feed says of it but its runs and when it changed. */
interface CourseState {
  title: string;
  format: string;
  summary: string;
  objectives: string[];
  cpdHours: number;
  kss: string[];
  pcf: string[];
  withdrawn: boolean;
}

const COURSE_CREATED = "research-in-practice.course.created";
const COURSE_UPDATED = "research-in-practice.course.updated";
const COURSE_WITHDRAWN = "research-in-practice.course.withdrawn";

/** How many courses one statement reads or writes: a course's upsert binds 11 values, within every engine's limit. */
const COURSES_PER_STATEMENT = 500;

/** A course as the feed now describes it, for the audit trail. */
const courseStateOf = (course: FeedCourse): CourseState => ({ title: course.title, format: course.format, summary: course.summary, objectives: course.objectives, cpdHours: course.cpdHours, kss: course.kss, pcf: course.pcf, withdrawn: course.withdrawn });

/** The held course's columns the audit trail compares, and the one that says whether the feed's item is newer. */
const HELD_COURSE_COLUMNS = ["id", "last_modified", "title", "format", "summary", "objectives_json", "cpd_hours", "kss_json", "pcf_json", "withdrawn"] as const;
type HeldCourse = Pick<RipDatabase["research_in_practice_courses"], (typeof HELD_COURSE_COLUMNS)[number]>;

/**
 * A held course as the audit trail compares it. Its CPD hours are read to the hundredth the feed is kept to
 * (`toHundredths`): PostgreSQL keeps them in a 4-byte real, which reads back a value with more digits than
 * it holds (one stored before they were rounded) as another number, and would show it changed on every sync.
 */
const heldCourseState = (held: HeldCourse): CourseState => ({
  title: held.title,
  format: held.format,
  summary: held.summary,
  objectives: JSON.parse(held.objectives_json) as string[],
  cpdHours: toHundredths(held.cpd_hours),
  kss: JSON.parse(held.kss_json) as string[],
  pcf: JSON.parse(held.pcf_json) as string[],
  withdrawn: held.withdrawn === 1,
});

/**
 * The sync's own change to a course, audited as the system with the course as its subject: created (the
 * course as offered), updated or withdrawn, with the fields that changed before and after. A course whose
 * `lastModified` moved on while nothing it says changed answers none.
 */
function courseEvent(course: FeedCourse, held: HeldCourse | undefined): AuditInput | undefined {
  const after = courseStateOf(course);
  const subject = { subjectType: "research_in_practice_course", subjectId: course.id };
  if (!held) return { action: COURSE_CREATED, ...subject, after };
  const before = heldCourseState(held);
  const changed = changesBetween(before, after);
  if (!changed) return undefined;
  return { action: !before.withdrawn && after.withdrawn ? COURSE_WITHDRAWN : COURSE_UPDATED, ...subject, ...changed };
}

/**
 * The feed's courses, each once: a course the provider changed while we paged may come on two pages, and
 * only its newest description applies (of two alike, the later).
 */
function newestOfEach(courses: FeedCourse[]) {
  const newest = new Map<string, FeedCourse>();
  for (const course of courses) {
    const seen = newest.get(course.id);
    if (!seen || course.lastModified >= seen.lastModified) newest.set(course.id, course);
  }
  return [...newest.values()];
}

/** The held courses with these ids, read a batch at a time. */
async function heldCourses(trx: Kysely<RipDatabase>, ids: string[]) {
  const held = new Map<string, HeldCourse>();
  for (const batch of chunks(ids, COURSES_PER_STATEMENT)) {
    for (const row of await trx.selectFrom("research_in_practice_courses").select(HELD_COURSE_COLUMNS).where("id", "in", batch).execute()) held.set(row.id, row);
  }
  return held;
}

/** Adds the new courses and replaces the changed ones, a batch to a statement. */
async function writeCourses(trx: Kysely<RipDatabase>, courses: FeedCourse[], stamp: string) {
  for (const batch of chunks(courses, COURSES_PER_STATEMENT)) {
    await trx
      .insertInto("research_in_practice_courses")
      .values(batch.map((course) => ({ id: course.id, title: course.title, format: course.format, summary: course.summary, objectives_json: JSON.stringify(course.objectives), cpd_hours: course.cpdHours, kss_json: JSON.stringify(course.kss), pcf_json: JSON.stringify(course.pcf), last_modified: course.lastModified, withdrawn: course.withdrawn ? 1 : 0, synced_at: stamp })))
      .onConflict((oc) =>
        oc.column("id").doUpdateSet((eb) => ({
          title: eb.ref("excluded.title"),
          format: eb.ref("excluded.format"),
          summary: eb.ref("excluded.summary"),
          objectives_json: eb.ref("excluded.objectives_json"),
          cpd_hours: eb.ref("excluded.cpd_hours"),
          kss_json: eb.ref("excluded.kss_json"),
          pcf_json: eb.ref("excluded.pcf_json"),
          last_modified: eb.ref("excluded.last_modified"),
          withdrawn: eb.ref("excluded.withdrawn"),
          synced_at: eb.ref("excluded.synced_at"),
        })),
      )
      .execute();
  }
}

/**
 * Applies checked courses: newer ones replace what is held; runs dropped from a course are withdrawn.
 * Everything is read and written a batch to a statement, not a course or a run at a time (`applyRuns`
 * writes only the runs that changed), since a national catalogue's sync may change thousands. Every course
 * and run created, changed or withdrawn is audited in the caller's transaction, in one insert (chunked by
 * `recordAudit`): a course's state before comes from the read that already decides whether it is newer, so
 * auditing adds no statement. Every withdrawn run that has not started has its requests and waiting list
 * closed there too, on every sync, changed or not; and the learners on a run whose start date or venue
 * changed, or whose booking stands again on a run offered again, are told, once, from its audit event.
 */
export async function applyCourses(trx: Kysely<RipDatabase>, courses: FeedCourse[], now = new Date()): Promise<ApplyCounts> {
  const stamp = now.toISOString();
  const today = londonToday(now);
  const distinct = newestOfEach(courses);
  const held = await heldCourses(trx, distinct.map((course) => course.id));
  const applied = distinct.filter((course) => !held.has(course.id) || held.get(course.id)!.last_modified < course.lastModified);
  await writeCourses(trx, applied, stamp);
  const runEvents = await applyRuns(trx, applied, stamp, today);
  const courseEvents = applied.map((course) => courseEvent(course, held.get(course.id))).filter((event): event is AuditInput => event !== undefined);
  const events = [...courseEvents, ...runEvents];
  if (events.length) await recordAudit(SYSTEM_ACTOR, events, trx as unknown as Kysely<Database>);
  const withdrawnCohorts = runEvents.filter((event) => event.action === RUN_WITHDRAWN).map((event) => Number(event.subjectId));
  await closeWithdrawnRuns(trx, withdrawnCohorts, today);
  await tellLearnersOfMovedRuns(trx, runEvents, today);
  await tellLearnersOfReinstatedRuns(trx, runEvents, today);
  return {
    added: applied.filter((course) => !course.withdrawn && !held.has(course.id)).length,
    updated: applied.filter((course) => !course.withdrawn && held.has(course.id)).length,
    withdrawn: applied.filter((course) => course.withdrawn).length,
    unchanged: courses.length - applied.length,
  };
}

/** The instant just before `at`: `since` asks for what changed after it, so a cursor there asks for `at` again. */
const justBefore = (at: string) => new Date(Date.parse(at) - 1).toISOString();

/**
 * Where the cursor moves after a sync: to the newest course applied, but never to or past a skipped item's
 * `lastModified`, so the next sync asks for that item again (and each sync after, until the provider puts it
 * right: applying is idempotent, so the courses read again change nothing), and never past `now`, so a
 * provider's clock running ahead cannot make later changes look older than the cursor. A skipped item
 * whose date cannot be read might be of any age, so the cursor stays where it is. Undefined: it stays.
 */
export function nextCursor(courses: FeedCourse[], skippedModified: (string | null)[], now: Date) {
  const newest = courses.map((c) => c.lastModified).sort().pop();
  if (!newest || skippedModified.includes(null)) return undefined;
  return [newest, now.toISOString(), ...(skippedModified as string[]).map(justBefore)].sort()[0];
}

/**
 * What to ask the feed for: the changes after the cursor. A cursor later than `now`, saved before the cursor
 * was kept to it, would skip every change until then, and when it was last right is not known: the whole
 * catalogue is read once instead (applying it again changes nothing), and the cursor saved afresh.
 */
const sinceOf = (cursor: string | undefined, now: Date) => (cursor && cursor <= now.toISOString() ? cursor : null);

/** The whole sync, as the scheduled job and "sync now" run it. */
export async function syncCatalogue(db: Kysely<RipDatabase>, config: FeedConfig, progress: (done: number, total: number) => void, now = new Date()): Promise<JobSummary> {
  const cursor = await db.selectFrom("research_in_practice_sync").select("value").where("key", "=", CURSOR).executeTakeFirst();
  const checkedAt = config.lastModifiedClock?.() ?? now;
  const since = sinceOf(cursor?.value, checkedAt);
  const { items, pages } = await fetchChanged(config, since);
  const { courses, skipped, skippedModified } = checkItems(items, checkedAt);
  progress(0, courses.length);
  const counts = await db.transaction().execute(async (trx) => {
    const applied = await applyCourses(trx, courses, now);
    const next = nextCursor(courses, skippedModified, checkedAt);
    if (next && (!since || next > since)) {
      await trx.insertInto("research_in_practice_sync").values({ key: CURSOR, value: next }).onConflict((oc) => oc.column("key").doUpdateSet({ value: next })).execute();
    }
    return applied;
  });
  // After the commit, and on every sync, changed or not: the core fills a cohort's places under its own
  // lock, in a transaction of its own, so it cannot join the feed's. Looking for every run with places
  // and people waiting, rather than those this sync changed, means a sync that stopped part way through
  // the promotions (a crash, an error) is finished by the next, though the feed then has nothing new.
  // Places come free when the provider raises a capacity, so nobody here freed them; the promotions are
  // the system's.
  for (const cohortId of await cohortsWithPlacesForThoseWaiting(db, londonToday(now))) await fillFreePlaces(cohortId, SYSTEM_ACTOR);
  progress(courses.length, courses.length);
  return { messageKey: skipped.length ? "sync.doneWithSkipped" : "sync.done", values: { pages, ...counts, skipped: skipped.length }, details: skipped.flat() };
}
