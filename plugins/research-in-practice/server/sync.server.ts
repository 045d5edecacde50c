// Syncing the outside catalogue: fetch every changed page (incremental by last-modified), check each
// item, then apply them all in one transaction. A failed page, a timeout, a server error or a rate limit
// that outlasts its retries applies nothing, so the last good catalogue stays; a malformed item is
// skipped and reported and the rest apply. Withdrawn courses and runs are marked, never deleted. Each
// course and run created, changed or withdrawn is audited in the same transaction, in which every
// withdrawn run not yet started has its requests and waiting list closed (whenever it was withdrawn), each
// person told, and those booked on a run this sync withdrew told too; then every run on offer with a place
// free and people waiting gives them the places.
import type { Kysely } from "kysely";
import type { ZodIssue } from "zod";
import { JobFailure, type AuditInput, type JobDetail, type JobSummary } from "../../sdk";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { planSessions } from "../../../app/services/cohorts.server";
import { fillFreePlaces } from "../../../app/services/enrolment.server";
import { londonToday } from "../../../app/utils/london-time";
import { courseSchema, pageSchema, type FeedCourse } from "../feed";
import { PLUGIN_ID } from "../programme";
import type { RipDatabase } from "./db.server";
import { closeWithdrawnRuns, cohortsWithPlacesForThoseWaiting } from "./run-places.server";

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

/** What the audit trail keeps of a run: its cohort's name, dates, capacity, venue and approval, and whether it is withdrawn. */
interface RunState {
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  venue: string | null;
  managerApproval: boolean;
  withdrawn: boolean;
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

const RUN_CREATED = "research-in-practice.run.created";
const RUN_UPDATED = "research-in-practice.run.updated";
const RUN_WITHDRAWN = "research-in-practice.run.withdrawn";
const COURSE_CREATED = "research-in-practice.course.created";
const COURSE_UPDATED = "research-in-practice.course.updated";
const COURSE_WITHDRAWN = "research-in-practice.course.withdrawn";

/** The fields that differ between two states, before and after; undefined when none does. Lists compare item by item. */
function changesBetween<State extends object>(before: State, after: State) {
  const fields = (Object.keys(after) as (keyof State)[]).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  if (!fields.length) return undefined;
  const pick = (state: State) => Object.fromEntries(fields.map((field) => [field, state[field]]));
  return { before: pick(before), after: pick(after) };
}

/**
 * The sync's own change to a run's cohort, audited as the system (no person made it) with the cohort as
 * its subject: created, updated or withdrawn, with the fields that changed before and after. A run the
 * feed left as it was answers none.
 */
function runEvent(cohortId: number, before: RunState | undefined, after: RunState): AuditInput | undefined {
  if (!before) return { action: RUN_CREATED, subjectType: "cohort", subjectId: cohortId, after };
  const changed = changesBetween(before, after);
  if (!changed) return undefined;
  return { action: !before.withdrawn && after.withdrawn ? RUN_WITHDRAWN : RUN_UPDATED, subjectType: "cohort", subjectId: cohortId, ...changed };
}

/** A course as the feed now describes it, for the audit trail. */
const courseStateOf = (course: FeedCourse): CourseState => ({ title: course.title, format: course.format, summary: course.summary, objectives: course.objectives, cpdHours: course.cpdHours, kss: course.kss, pcf: course.pcf, withdrawn: course.withdrawn });

/** The held course's columns the audit trail compares, and the one that says whether the feed's item is newer. */
const HELD_COURSE_COLUMNS = ["last_modified", "title", "format", "summary", "objectives_json", "cpd_hours", "kss_json", "pcf_json", "withdrawn"] as const;
type HeldCourse = Pick<RipDatabase["research_in_practice_courses"], (typeof HELD_COURSE_COLUMNS)[number]>;

const heldCourseState = (held: HeldCourse): CourseState => ({
  title: held.title,
  format: held.format,
  summary: held.summary,
  objectives: JSON.parse(held.objectives_json) as string[],
  cpdHours: held.cpd_hours,
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

/** A held run as the audit trail records it, read before the sync changes it. */
async function heldRun(trx: Kysely<RipDatabase>, runId: string) {
  return trx
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .select(["r.cohort_id", "r.session_id", "r.withdrawn", "c.name", "c.starts_on", "c.ends_on", "c.capacity", "c.venue", "c.requires_manager_approval"])
    .where("r.id", "=", runId)
    .executeTakeFirst();
}

/**
 * Applies one run; answers its audit event, or none when the feed left it as it was. A run that has
 * begun (London's today) is history: a withdrawn course does not withdraw it, so its completion can still
 * be recorded.
 */
async function applyRun(trx: Kysely<RipDatabase>, course: FeedCourse, run: FeedCourse["runs"][number], now: string, today: string): Promise<AuditInput | undefined> {
  const existing = await heldRun(trx, run.id);
  const withdrawn = existing && existing.starts_on <= today ? existing.withdrawn === 1 : course.withdrawn;
  // Core pages show the cohort's name as it is, in either language, so it carries no raw date; the dates
  // are worded where the cohort is shown. Booking stays open until the run starts, wherever it moves.
  const cohort = { name: course.title, starts_on: run.startsOn, ends_on: run.endsOn, enrolment_closes_on: run.startsOn, capacity: run.capacity, venue: run.venue, requires_manager_approval: run.managerApproval ? 1 : 0, updated_at: now };
  const [session] = planSessions({ firstDate: run.startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 390, titles: [course.title] });
  const after: RunState = { name: course.title, startsOn: run.startsOn, endsOn: run.endsOn, capacity: run.capacity, venue: run.venue, managerApproval: run.managerApproval, withdrawn };
  if (existing) {
    await trx.updateTable("cohorts").set(cohort).where("id", "=", existing.cohort_id).execute();
    await trx.updateTable("cohort_sessions").set({ title: course.title, starts_at: session.starts_at, ends_at: session.ends_at, location: run.venue }).where("id", "=", existing.session_id).execute();
    await trx.updateTable("research_in_practice_runs").set({ withdrawn: withdrawn ? 1 : 0 }).where("id", "=", run.id).execute();
    const before: RunState = { name: existing.name, startsOn: existing.starts_on, endsOn: existing.ends_on, capacity: existing.capacity, venue: existing.venue, managerApproval: existing.requires_manager_approval === 1, withdrawn: existing.withdrawn === 1 };
    return runEvent(existing.cohort_id, before, after);
  }
  const [row] = await trx.insertInto("cohorts").values({ ...cohort, programme_id: PLUGIN_ID, enrolment_opens_on: null, online_url: null, created_at: now }).returning("id").execute();
  const [sessionRow] = await trx.insertInto("cohort_sessions").values({ ...session, cohort_id: row.id, location: run.venue }).returning("id").execute();
  await trx.insertInto("research_in_practice_runs").values({ id: run.id, course_id: course.id, cohort_id: row.id, session_id: sessionRow.id, tailored: 0, withdrawn: course.withdrawn ? 1 : 0 }).execute();
  return runEvent(row.id, undefined, after);
}

/**
 * Withdraws the course's synced runs still to come that its feed item no longer lists; answers an event for
 * each newly withdrawn. A run dropped once it has begun is history, not a withdrawal: it stays as it was,
 * its places kept and its completion open to L&D.
 */
async function withdrawDroppedRuns(trx: Kysely<RipDatabase>, course: FeedCourse, today: string): Promise<AuditInput[]> {
  const dropped = trx
    .updateTable("research_in_practice_runs")
    .set({ withdrawn: 1 })
    .where("course_id", "=", course.id)
    .where("tailored", "=", 0)
    .where("withdrawn", "=", 0)
    .where("cohort_id", "in", trx.selectFrom("cohorts").select("id").where("starts_on", ">", today));
  const withdrawn = await (course.runs.length ? dropped.where("id", "not in", course.runs.map((r) => r.id)) : dropped).returning("cohort_id").execute();
  return withdrawn.map((run) => ({ action: RUN_WITHDRAWN, subjectType: "cohort", subjectId: run.cohort_id, before: { withdrawn: false }, after: { withdrawn: true } }));
}

/**
 * Applies checked courses: newer ones replace what is held; runs dropped from a course are withdrawn.
 * Every course and run created, changed or withdrawn is audited in the caller's transaction, in one insert
 * (chunked by `recordAudit`), since a national catalogue's sync may change thousands: a course's state
 * before comes from the read that already decides whether it is newer, so auditing adds no statement a
 * course. Every withdrawn run that has not started has its requests and waiting list closed there too, on
 * every sync, changed or not.
 */
export async function applyCourses(trx: Kysely<RipDatabase>, courses: FeedCourse[], now = new Date()): Promise<ApplyCounts> {
  const stamp = now.toISOString();
  const today = londonToday(now);
  const counts: ApplyCounts = { added: 0, updated: 0, unchanged: 0, withdrawn: 0 };
  const events: AuditInput[] = [];
  for (const course of courses) {
    const held = await trx.selectFrom("research_in_practice_courses").select(HELD_COURSE_COLUMNS).where("id", "=", course.id).executeTakeFirst();
    if (held && held.last_modified >= course.lastModified) {
      counts.unchanged += 1;
      continue;
    }
    const changed = courseEvent(course, held);
    if (changed) events.push(changed);
    const row = { title: course.title, format: course.format, summary: course.summary, objectives_json: JSON.stringify(course.objectives), cpd_hours: course.cpdHours, kss_json: JSON.stringify(course.kss), pcf_json: JSON.stringify(course.pcf), last_modified: course.lastModified, withdrawn: course.withdrawn ? 1 : 0, synced_at: stamp };
    await trx.insertInto("research_in_practice_courses").values({ id: course.id, ...row }).onConflict((oc) => oc.column("id").doUpdateSet(row)).execute();
    for (const run of course.runs) {
      const event = await applyRun(trx, course, run, stamp, today);
      if (event) events.push(event);
    }
    events.push(...(await withdrawDroppedRuns(trx, course, today)));
    if (course.withdrawn) counts.withdrawn += 1;
    else if (held) counts.updated += 1;
    else counts.added += 1;
  }
  if (events.length) await recordAudit(SYSTEM_ACTOR, events, trx as unknown as Kysely<Database>);
  const withdrawnCohorts = events.filter((event) => event.action === RUN_WITHDRAWN).map((event) => Number(event.subjectId));
  await closeWithdrawnRuns(trx, withdrawnCohorts, today);
  return counts;
}

/** The whole sync, as the scheduled job and "sync now" run it. */
export async function syncCatalogue(db: Kysely<RipDatabase>, config: FeedConfig, progress: (done: number, total: number) => void, now = new Date()): Promise<JobSummary> {
  const cursor = await db.selectFrom("research_in_practice_sync").select("value").where("key", "=", CURSOR).executeTakeFirst();
  const { items, pages } = await fetchChanged(config, cursor?.value ?? null);
  const { courses, skipped } = checkItems(items);
  progress(0, courses.length);
  const counts = await db.transaction().execute(async (trx) => {
    const applied = await applyCourses(trx, courses, now);
    const newest = courses.map((c) => c.lastModified).sort().pop();
    if (newest && (!cursor || newest > cursor.value)) {
      await trx.insertInto("research_in_practice_sync").values({ key: CURSOR, value: newest }).onConflict((oc) => oc.column("key").doUpdateSet({ value: newest })).execute();
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
