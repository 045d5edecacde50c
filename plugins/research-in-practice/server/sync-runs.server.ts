// The runs of the courses a sync applies, written a batch to a statement: every listed run is compared with
// what is held first, so a new run is inserted with the others (its cohort, its session, its run), a changed
// one rewrites only the table whose columns changed, and one the feed left as it was writes nothing. A
// national course lists 200 runs; a change to one of them is one statement, not four for each. Split from
// sync.server.ts, which reads the feed and applies its courses.
import { sql, type Kysely, type RawBuilder } from "kysely";
import type { AuditInput } from "../../sdk";
import { planSessions } from "../../../app/services/cohorts.server";
import { chunks } from "../../../app/services/readiness.server";
import type { FeedCourse } from "../feed";
import { PLUGIN_ID } from "../programme";
import type { RipDatabase } from "./db.server";

type FeedRun = FeedCourse["runs"][number];

/** How many runs one statement reads or writes: a cohort's batch update binds 15 values a run, within every engine's limit. */
const RUNS_PER_STATEMENT = 500;

export const RUN_CREATED = "research-in-practice.run.created";
export const RUN_UPDATED = "research-in-practice.run.updated";
export const RUN_WITHDRAWN = "research-in-practice.run.withdrawn";

/**
 * What the audit trail keeps of a run: the course it is a run of (the provider's id), its cohort's name,
 * dates, capacity, venue and approval, and whether it is withdrawn.
 */
interface RunState {
  course: string;
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
  venue: string | null;
  managerApproval: boolean;
  withdrawn: boolean;
}

/** The fields that differ between two states, before and after; undefined when none does. Lists compare item by item. */
export function changesBetween<State extends object>(before: State, after: State) {
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

/** The cohort's columns the sync writes, in the order a batch update sets them. */
const COHORT_COLUMNS = ["name", "starts_on", "ends_on", "enrolment_closes_on", "capacity", "venue", "requires_manager_approval"] as const;
/** The session's columns the sync writes. */
const SESSION_COLUMNS = ["title", "starts_at", "ends_at", "location"] as const;
/** The columns that hold whole numbers: PostgreSQL reads a bare parameter in a CASE as text. */
const WHOLE_NUMBERS = new Set<string>(["capacity", "requires_manager_approval"]);

type CohortValues = { [Column in (typeof COHORT_COLUMNS)[number]]: RipDatabase["cohorts"][Column] };
type SessionValues = { [Column in (typeof SESSION_COLUMNS)[number]]: RipDatabase["cohort_sessions"][Column] };

/** A held run as read before the sync changes it: what the sync writes of it, and its ids. */
type HeldRun = CohortValues & SessionValues & { id: string; course_id: string; cohort_id: number; session_id: number; withdrawn: number };

/** A listed run as the feed now describes it: what its cohort, its session and its own row should hold. */
interface Planned {
  course: FeedCourse;
  run: FeedRun;
  held: HeldRun | undefined;
  /** The course the run belongs to after the sync: the one listing it, or the one it began under. */
  courseId: string;
  cohort: CohortValues;
  session: SessionValues;
  withdrawn: 0 | 1;
}

/**
 * What is held of the feed's runs with these ids, read a batch at a time. A council-only run is never the
 * feed's (the feed cannot name one, `COUNCIL_RUN_PREFIX`), so it is never read here to be rewritten.
 */
async function heldRuns(trx: Kysely<RipDatabase>, runIds: string[]) {
  const held = new Map<string, HeldRun>();
  for (const ids of chunks(runIds, RUNS_PER_STATEMENT)) {
    const rows = await trx
      .selectFrom("research_in_practice_runs as r")
      .innerJoin("cohorts as c", "c.id", "r.cohort_id")
      .innerJoin("cohort_sessions as s", "s.id", "r.session_id")
      .select(["r.id", "r.course_id", "r.cohort_id", "r.session_id", "r.withdrawn", ...COHORT_COLUMNS.map((column) => `c.${column}` as const), ...SESSION_COLUMNS.map((column) => `s.${column}` as const)])
      .where("r.id", "in", ids)
      .where("r.tailored", "=", 0)
      .execute();
    for (const row of rows) held.set(row.id, row);
  }
  return held;
}

/** Whether a held run has begun on London's `today`: from then on it is history, which the feed no longer rewrites. */
const hasBegun = (held: HeldRun, today: string) => held.starts_on <= today;

/**
 * What a listed run should hold. A run that has begun (London's today) is history: a withdrawn course does
 * not withdraw it, so its completion can still be recorded; nor does another course listing it move it,
 * since learners completed on it have the course's CPD hours and KSS statements, and the rest must have
 * the same. It keeps its course's name too, as one dropped by its course keeps it. Core pages show the
 * cohort's name as it is, in either language, so it carries no raw date; the dates are worded where the
 * cohort is shown. Booking stays open until the run starts, wherever it moves.
 */
function planOf(course: FeedCourse, run: FeedRun, held: HeldRun | undefined, today: string): Planned {
  const begun = held !== undefined && hasBegun(held, today);
  const withdrawn = begun ? held.withdrawn === 1 : course.withdrawn;
  const courseId = begun ? held.course_id : course.id;
  const title = begun && held.course_id !== course.id ? held.name : course.title;
  const cohort: CohortValues = { name: title, starts_on: run.startsOn, ends_on: run.endsOn, enrolment_closes_on: run.startsOn, capacity: run.capacity, venue: run.venue, requires_manager_approval: run.managerApproval ? 1 : 0 };
  const [planned] = planSessions({ firstDate: run.startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 390, titles: [title] });
  const session: SessionValues = { title: planned.title, starts_at: planned.starts_at, ends_at: planned.ends_at, location: run.venue };
  return { course, run, held, courseId, cohort, session, withdrawn: withdrawn ? 1 : 0 };
}

const differs = <Values extends object>(held: Values, planned: Values) => (Object.keys(planned) as (keyof Values)[]).some((column) => held[column] !== planned[column]);

const stateOf = (courseId: string, cohort: CohortValues, withdrawn: number): RunState => ({
  course: courseId,
  name: cohort.name,
  startsOn: cohort.starts_on,
  endsOn: cohort.ends_on,
  capacity: cohort.capacity,
  venue: cohort.venue,
  managerApproval: cohort.requires_manager_approval === 1,
  withdrawn: withdrawn === 1,
});

/**
 * Inserts the new runs a batch at a time: their cohorts, then their sessions, then their rows. Neither
 * engine promises RETURNING's order, so each cohort is matched to its run by what was written to it: two
 * runs whose cohorts hold the same values are alike in everything the cohort says, so either may take
 * either. Answers each run's cohort id, in `added`'s order.
 */
async function insertRuns(trx: Kysely<RipDatabase>, added: Planned[], stamp: string) {
  const cohortIds: number[] = [];
  const key = (cohort: CohortValues) => JSON.stringify(COHORT_COLUMNS.map((column) => cohort[column]));
  for (const batch of chunks(added, RUNS_PER_STATEMENT)) {
    const inserted = await trx
      .insertInto("cohorts")
      .values(batch.map((p) => ({ ...p.cohort, programme_id: PLUGIN_ID, enrolment_opens_on: null, online_url: null, created_at: stamp, updated_at: stamp })))
      .returning(["id", ...COHORT_COLUMNS])
      .execute();
    const byValues = new Map<string, number[]>();
    for (const row of inserted.sort((a, b) => a.id - b.id)) {
      const alike = byValues.get(key(row)) ?? [];
      byValues.set(key(row), [...alike, row.id]);
    }
    const ids = batch.map((p) => byValues.get(key(p.cohort))!.shift()!);
    const sessions = await trx
      .insertInto("cohort_sessions")
      .values(batch.map((p, i) => ({ ...p.session, sequence: 1, status: "scheduled" as const, cohort_id: ids[i] })))
      .returning(["id", "cohort_id"])
      .execute();
    const sessionOf = new Map(sessions.map((s) => [s.cohort_id, s.id]));
    await trx
      .insertInto("research_in_practice_runs")
      .values(batch.map((p, i) => ({ id: p.run.id, course_id: p.courseId, cohort_id: ids[i], session_id: sessionOf.get(ids[i])!, tailored: 0, withdrawn: p.withdrawn })))
      .execute();
    cohortIds.push(...ids);
  }
  return cohortIds;
}

/** Each row's own value of a column, in one expression: `case id when … then … end`. */
function eachRowsValue<Values>(rows: { id: number; values: Values }[], column: keyof Values & string) {
  const value = (v: unknown) => (WHOLE_NUMBERS.has(column) ? sql`cast(${v} as integer)` : sql`${v}`);
  return sql<Values[typeof column]>`case ${sql.ref("id")} ${sql.join(rows.map((row) => sql`when ${row.id} then ${value(row.values[column])}`), sql` `)} end`;
}

/** Every column's value, row by row: what a batch update sets. */
function eachRowsValues<Values>(rows: { id: number; values: Values }[], columns: readonly (keyof Values & string)[]) {
  return Object.fromEntries(columns.map((column) => [column, eachRowsValue(rows, column)])) as { [Column in keyof Values]: RawBuilder<Values[Column]> };
}

/** Rewrites the changed runs' cohorts, each with its own values, a batch to a statement. */
async function updateCohorts(trx: Kysely<RipDatabase>, rows: { id: number; values: CohortValues }[], stamp: string) {
  for (const batch of chunks(rows, RUNS_PER_STATEMENT)) {
    await trx.updateTable("cohorts").set({ ...eachRowsValues(batch, COHORT_COLUMNS), updated_at: stamp }).where("id", "in", batch.map((row) => row.id)).execute();
  }
}

/** Rewrites the changed runs' sessions, each with its own values, a batch to a statement. */
async function updateSessions(trx: Kysely<RipDatabase>, rows: { id: number; values: SessionValues }[]) {
  for (const batch of chunks(rows, RUNS_PER_STATEMENT)) {
    await trx.updateTable("cohort_sessions").set(eachRowsValues(batch, SESSION_COLUMNS)).where("id", "in", batch.map((row) => row.id)).execute();
  }
}

/** Marks runs withdrawn or offered again, a batch to a statement. */
async function setWithdrawn(trx: Kysely<RipDatabase>, runIds: string[], withdrawn: 0 | 1) {
  for (const ids of chunks(runIds, RUNS_PER_STATEMENT)) await trx.updateTable("research_in_practice_runs").set({ withdrawn }).where("id", "in", ids).execute();
}

/**
 * Moves runs still to come that the provider now lists under another course to it, a batch of each course's
 * to a statement. The run's course is where its page lists it, and what its completion gives (the course's
 * CPD hours and KSS statements); a run left under its old course would also be withdrawn by a later sync of
 * that course alone, which no longer lists it. A run that has begun stays where it is (planOf).
 */
async function moveRuns(trx: Kysely<RipDatabase>, moved: Planned[]) {
  const byCourse = new Map<string, string[]>();
  for (const p of moved) byCourse.set(p.courseId, [...(byCourse.get(p.courseId) ?? []), p.run.id]);
  for (const [courseId, runIds] of byCourse) {
    for (const ids of chunks(runIds, RUNS_PER_STATEMENT)) await trx.updateTable("research_in_practice_runs").set({ course_id: courseId }).where("id", "in", ids).execute();
  }
}

/** Writes what changed of the listed runs that are held: each table only where its columns changed, so a run the feed left as it was writes nothing. */
async function updateRuns(trx: Kysely<RipDatabase>, held: (Planned & { held: HeldRun })[], stamp: string) {
  await updateCohorts(trx, held.filter((p) => differs(p.held, p.cohort)).map((p) => ({ id: p.held.cohort_id, values: p.cohort })), stamp);
  await updateSessions(trx, held.filter((p) => differs(p.held, p.session)).map((p) => ({ id: p.held.session_id, values: p.session })));
  await moveRuns(trx, held.filter((p) => p.held.course_id !== p.courseId));
  for (const flag of [1, 0] as const) await setWithdrawn(trx, held.filter((p) => p.held.withdrawn !== flag && p.withdrawn === flag).map((p) => p.run.id), flag);
}

/**
 * Withdraws the applied courses' synced runs still to come that the feed no longer lists; answers an event
 * for each newly withdrawn. A run dropped once it has begun is history, not a withdrawal: it stays as it was,
 * its places kept and its completion open to L&D. The runs still to come are read a batch of courses at a
 * time and withdrawn a batch of runs at a time.
 */
async function withdrawDroppedRuns(trx: Kysely<RipDatabase>, courseIds: string[], listed: Set<string>, today: string): Promise<AuditInput[]> {
  const dropped: string[] = [];
  for (const ids of chunks(courseIds, RUNS_PER_STATEMENT)) {
    const toCome = await trx
      .selectFrom("research_in_practice_runs as r")
      .innerJoin("cohorts as c", "c.id", "r.cohort_id")
      .select("r.id")
      .where("r.course_id", "in", ids)
      .where("r.tailored", "=", 0)
      .where("r.withdrawn", "=", 0)
      .where("c.starts_on", ">", today)
      .execute();
    dropped.push(...toCome.map((run) => run.id).filter((id) => !listed.has(id)));
  }
  const events: AuditInput[] = [];
  for (const ids of chunks(dropped, RUNS_PER_STATEMENT)) {
    const withdrawn = await trx.updateTable("research_in_practice_runs").set({ withdrawn: 1 }).where("id", "in", ids).where("withdrawn", "=", 0).returning("cohort_id").execute();
    events.push(...withdrawn.map((run) => ({ action: RUN_WITHDRAWN, subjectType: "cohort", subjectId: run.cohort_id, before: { withdrawn: false }, after: { withdrawn: true } })));
  }
  return events;
}

/**
 * Applies the runs of the courses being applied (already written, so a new run's course is there): inserts
 * the new, rewrites what changed of the held, and withdraws those dropped while still to come. A run listed
 * twice (by two courses, or by a course on two pages) is written once, as its last listing says. Answers the
 * audit events, the listed runs' in the feed's order, then the dropped.
 */
export async function applyRuns(trx: Kysely<RipDatabase>, courses: FeedCourse[], stamp: string, today: string): Promise<AuditInput[]> {
  const listings = new Map<string, { course: FeedCourse; run: FeedRun }>();
  for (const course of courses) for (const run of course.runs) listings.set(run.id, { course, run });
  const held = await heldRuns(trx, [...listings.keys()]);
  const planned = [...listings.values()].map(({ course, run }) => planOf(course, run, held.get(run.id), today));
  const added = planned.filter((p) => !p.held);
  const addedIds = await insertRuns(trx, added, stamp);
  const cohortOf = new Map(added.map((p, i) => [p, addedIds[i]]));
  await updateRuns(trx, planned.filter((p): p is Planned & { held: HeldRun } => p.held !== undefined), stamp);
  const dropped = await withdrawDroppedRuns(trx, courses.map((course) => course.id), new Set(listings.keys()), today);
  const events = planned.map((p) => {
    const after = stateOf(p.courseId, p.cohort, p.withdrawn);
    return p.held ? runEvent(p.held.cohort_id, stateOf(p.held.course_id, p.held, p.held.withdrawn), after) : runEvent(cohortOf.get(p)!, undefined, after);
  });
  return [...events.filter((event): event is AuditInput => event !== undefined), ...dropped];
}
