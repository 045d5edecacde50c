// A learner's bookings, and completion: attendance through the core's register, then the enrolment status, a CPD
// entry and, for the course's KSS statements, evidence offers the NAAS self-assessment can take up.
import type { Kysely } from "kysely";
import { saveRegister, sessionHeld } from "../../../app/services/attendance.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { holdCohortLock, withCohortLock } from "../../../app/services/cohort-lock.server";
import { enrolmentOpen } from "../../../app/services/cohorts.server";
import { placeUnderLock, withdrawUnderLock, type EnrolmentResult } from "../../../app/services/enrolment.server";
import { offerEvidenceToMany } from "../../../app/services/evidence.server";
import { chunks } from "../../../app/services/readiness.server";
import type { Database } from "../../../app/utils/db.server";
import { isStorableId, parseId } from "../../../app/utils/http.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageWindow } from "../../../app/utils/paging.server";
import { PLUGIN_ID, RUN_LEARNERS_PAGE_SIZE } from "../programme";
import { onOffer, runById, type Run } from "./catalogue.server";
import { ripDb, type RipDatabase } from "./db.server";

export async function bookingsOf(personId: number) {
  return ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .select(["e.id", "e.cohort_id", "e.status", "e.waitlist_position", "r.id as run_id", "r.withdrawn as run_withdrawn", "c.starts_on", "c.ends_on", "c.venue", "course.id as course_id", "course.title", "ev.before_at", "ev.after_at", "ev.followup_at"])
    .where("e.person_id", "=", personId)
    .where("e.status", "in", ["requested", "enrolled", "waitlisted", "completed"])
    .orderBy("c.starts_on", "desc")
    .execute();
}

/** Why a place was refused because the provider has withdrawn the run's course (its council-only runs with it). */
export const BOOKING_COURSE_WITHDRAWN = "course.errors.bookingCourseWithdrawn";

export type BookingResult = EnrolmentResult | { ok: false; error: "course.errors.notBookable" | typeof BOOKING_COURSE_WITHDRAWN };

/**
 * A run off offer only because its course is withdrawn: a council-only run, which the sync never withdraws.
 * The provider's own runs of a withdrawn course are withdrawn themselves, and refused as any withdrawn run is.
 */
const withdrawnWithCourseOnly = (run: { withdrawn: number; course_withdrawn: number }) => run.withdrawn !== 1 && run.course_withdrawn === 1;

/** The run as booking and cancelling read it under its cohort's lock, with whether its course is withdrawn. */
const lockedRun = (trx: Kysely<RipDatabase>) =>
  trx
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohorts as c", "c.id", "r.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select(["r.withdrawn", "course.withdrawn as course_withdrawn", "c.starts_on"]);

/**
 * Books the learner a place on a run, a number on its waiting list, or a request to their manager where a
 * place needs approval, as the core's `requestPlace` does; but whether the run is still on offer is read
 * under the cohort's lock. The sync withdraws a run and closes its requests and waiting list under that
 * lock, so a booking checked before taking it could land on the run after its list was closed. The run is
 * read afresh there too, as the sync may have changed its dates or whether a place needs approval. So is its
 * course: a council-only run of a course the provider has withdrawn is refused with that reason.
 * `today` is London's date, where the run takes place.
 */
export async function bookPlace(run: Run, personId: number, actor: Actor, today = londonToday()): Promise<BookingResult> {
  return withCohortLock<BookingResult>(run.cohort_id, async (trx) => {
    const current = await lockedRun(trx as unknown as Kysely<RipDatabase>)
      .select(["c.enrolment_opens_on", "c.enrolment_closes_on", "c.requires_manager_approval"])
      .where("r.id", "=", run.id)
      .executeTakeFirstOrThrow();
    if (!onOffer(current, today)) return { ok: false, error: withdrawnWithCourseOnly(current) ? BOOKING_COURSE_WITHDRAWN : "course.errors.notBookable" };
    if (!enrolmentOpen(current, today)) return { ok: false, error: "enrolment.errors.closed" };
    return placeUnderLock(trx, { cohortId: run.cohort_id, personId, actor }, current.requires_manager_approval === 1);
  });
}

/** What a learner's own booking was when they gave it up: the page's message says which they undid. */
export type CancelledStatus = "enrolled" | "waitlisted" | "requested";

/** The bookings a learner may give up themselves; a completed course stays on their record. */
const CANCELLABLE: readonly CancelledStatus[] = ["enrolled", "waitlisted", "requested"];

export type CancelResult = { ok: true; was: CancelledStatus } | { ok: false; error: "course.errors.notWithdrawable" | "enrolment.errors.notActive" };

/**
 * The learner giving up their place, request or waiting-list number on a run, only before the run's first
 * day, as booking. The run's start date is read under the cohort's lock, where the sync moves a run: one
 * moved to today since the course page read the booking can no longer be given up. A place given up goes to
 * the first person waiting only while the run is still on offer, read there too, where the sync withdraws a
 * run or offers it again: a run withdrawn offers nobody the place (its list was closed), and one offered
 * again since the course page was drawn gives it to whoever has joined its list; nor does a council-only run
 * whose course the provider has withdrawn (the place itself may still be given up). The booking's own status is
 * read there as well (its one row), as what it was read as before may have changed meanwhile (a waiting
 * learner promoted, a request approved): the answer says what was given up.
 * `today` is London's date, where the run takes place.
 */
export async function cancelPlace(enrolmentId: number, cohortId: number, actor: Actor, today = londonToday()): Promise<CancelResult> {
  return withCohortLock<CancelResult>(cohortId, async (trx) => {
    const run = await lockedRun(trx as unknown as Kysely<RipDatabase>).where("r.cohort_id", "=", cohortId).executeTakeFirstOrThrow();
    if (run.starts_on <= today) return { ok: false, error: "course.errors.notWithdrawable" };
    const place = await trx.selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirst();
    const was = place && CANCELLABLE.find((status) => status === place.status);
    if (!was) return { ok: false, error: "enrolment.errors.notActive" };
    const result = await withdrawUnderLock(trx, enrolmentId, null, actor, { promote: onOffer(run, today) });
    return result.ok ? { ok: true, was } : { ok: false, error: "enrolment.errors.notActive" };
  });
}

/**
 * L&D withdrawing a learner from a run (the core audits it). The place goes to the first person waiting
 * only while the run is still on offer, and that is read under the cohort's lock, in the withdrawal's
 * transaction: the run's page read the run before, and meanwhile the sync may have withdrawn it or its
 * course, or moved it to today. A council-only run keeps its waiting list when its course is withdrawn, so
 * a decision from that earlier read would give the freed place on a course nobody can book any more.
 * `today` is London's date, where the run takes place.
 */
export async function withdrawFromRun(run: Pick<Run, "id" | "cohort_id">, enrolmentId: number, actor: Actor, today = londonToday()) {
  return withCohortLock(run.cohort_id, async (trx) => {
    const current = await lockedRun(trx as unknown as Kysely<RipDatabase>).where("r.id", "=", run.id).executeTakeFirstOrThrow();
    return withdrawUnderLock(trx, enrolmentId, null, actor, { promote: onOffer(current, today) });
  });
}

/** The places on a run that its page lists: everyone who holds, asked for, waits for or completed one. */
const onRoster = (run: Pick<Run, "cohort_id">, executor: Kysely<RipDatabase>) =>
  executor.selectFrom("enrolments as e").where("e.cohort_id", "=", run.cohort_id).where("e.status", "in", ["requested", "enrolled", "waitlisted", "completed"]);

/** The run's learners, by status then family name (the place's id keeping a page's rows in one order). */
const rosterRows = (run: Run, executor: Kysely<RipDatabase>) =>
  onRoster(run, executor)
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("attendance as a", (join) => join.onRef("a.enrolment_id", "=", "e.id").on("a.session_id", "=", run.session_id))
    .select(["e.id", "e.person_id", "e.status", "e.waitlist_position", "p.given_name", "p.family_name", "p.employee_number", "a.status as mark"])
    .orderBy("e.status")
    .orderBy("p.family_name")
    .orderBy("e.id");

/**
 * One page of the run's learners for its page, and how many there are: a national run has hundreds, so they
 * are counted and read a page at a time. A page past the last shows the last.
 */
export async function rosterPageOfRun(run: Run, page: number) {
  const total = Number((await onRoster(run, ripDb()).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const shown = pageWindow(total, page, RUN_LEARNERS_PAGE_SIZE);
  const rows = total ? await rosterRows(run, ripDb()).limit(shown.limit).offset(shown.offset).execute() : [];
  return { rows, total, page: shown.page, pageCount: shown.pageCount };
}

// Rows a statement holds: SQLite refuses more than 32,766 parameters in one statement.
const ROWS_PER_STATEMENT = 500;

/**
 * One learner's place on the run, as L&D's withdrawal reads it: that row alone, by its id (the form's value,
 * read as every id from a form is, `parseId`), never the run's whole list, which on a national run is hundreds long.
 */
export async function placeOnRun(run: Pick<Run, "cohort_id">, enrolmentId: FormDataEntryValue | null) {
  const id = typeof enrolmentId === "string" ? parseId(enrolmentId) : undefined;
  if (id === undefined) return undefined;
  return onRoster(run, ripDb()).select(["e.id", "e.person_id", "e.status"]).where("e.id", "=", id).executeTakeFirst();
}

/**
 * Whether any of the chosen enrolments is the actor's own place on the run. Completion gives CPD hours and
 * an evidence offer, so, as with every record about a person, nobody records their own.
 */
export async function choosesOwnPlace(run: Run, enrolmentIds: number[], actor: Actor) {
  const chosen = await chosenPlacesOnRun(run, enrolmentIds);
  return chosen.some((r) => r.person_id === actor.personId);
}

/**
 * The chosen places on the run's list, read by their ids alone (a bounded number a statement), never the
 * run's whole list, which on a national run is hundreds long. An id that is no place on the run is left out.
 */
async function chosenPlacesOnRun(run: Pick<Run, "cohort_id">, enrolmentIds: number[], executor: Kysely<RipDatabase> = ripDb()) {
  // An id no row could have (larger than an integer column holds) is no place, and is not looked up.
  const ids = [...new Set(enrolmentIds)].filter(isStorableId);
  const places: { id: number; person_id: number; status: string }[] = [];
  for (const chunk of chunks(ids, ROWS_PER_STATEMENT)) {
    places.push(...(await onRoster(run, executor).select(["e.id", "e.person_id", "e.status"]).where("e.id", "in", chunk).execute()));
  }
  return places;
}

/** A run as its completion reads it: whether the provider withdrew it, and its one session. */
export async function completionStateOf(runId: string, executor: Kysely<RipDatabase> = ripDb()) {
  return executor
    .selectFrom("research_in_practice_runs as r")
    .innerJoin("cohort_sessions as s", "s.id", "r.session_id")
    .select(["r.withdrawn", "s.status", "s.starts_at"])
    .where("r.id", "=", runId)
    .executeTakeFirstOrThrow();
}
export type CompletionState = Awaited<ReturnType<typeof completionStateOf>>;

export type CompletionClosed = "notStarted" | "runWithdrawn" | "cancelled";

/**
 * Why completion cannot be recorded on a run, or undefined when it can. It opens when the run's session
 * begins (the core's `sessionHeld`, the same test its register applies), not at midnight on the first day:
 * until then nobody has attended. A run the provider withdrew does not take place.
 */
export function completionClosed(state: CompletionState, now = new Date()): CompletionClosed | undefined {
  if (state.withdrawn === 1) return "runWithdrawn";
  if (sessionHeld(state, now)) return undefined;
  return state.status === "cancelled" ? "cancelled" : "notStarted";
}

export type CompletionResult = { ok: true; completed: number } | { ok: false; error: `run.errors.${CompletionClosed | "learner"}` };

/**
 * Marks the chosen learners present and their course completed, with a CPD entry for its hours and an
 * evidence offer for its KSS statements; anyone not booked on the run, and the actor's own place, are
 * ignored. Refused, storing nothing, while completion is closed on the run, or when none chosen is still
 * booked. The run and its roster are read under the cohort's lock, where a colleague withdraws a learner,
 * so a place withdrawn as the completion is sent is never completed. So are its course's title, CPD hours
 * and KSS statements, and its end date: the sync may have changed them (or moved the run to another
 * course) since the page read the run, and a completion gives what the course says when it is recorded.
 * A national run has hundreds of learners, so each part is written for all of them in a few statements,
 * not one per learner.
 */
export async function completeLearners(shown: Run, enrolmentIds: number[], actor: Actor): Promise<CompletionResult> {
  return underCohortLock<CompletionResult>(shown.cohort_id, async (trx) => {
    const host = trx as unknown as Kysely<Database>;
    // Runs are never deleted (bookings keep pointing at them), so the run the page showed is still there.
    const run = (await runById(shown.id, trx))!;
    const closed = completionClosed(await completionStateOf(run.id, trx));
    if (closed) return { ok: false, error: `run.errors.${closed}` };
    const chosen = (await chosenPlacesOnRun(run, enrolmentIds, trx)).filter((r) => r.status === "enrolled" && r.person_id !== actor.personId);
    if (chosen.length === 0) return { ok: false, error: "run.errors.learner" };
    // The marks are part of the completion, in its transaction: one that fails leaves nobody marked present.
    const register = await saveRegister(run.session_id, run.cohort_id, new Map(chosen.map((r) => [r.id, "present" as const])), actor, host);
    // The register applies the check above to the same session under this lock; were it to refuse, it wrote nothing.
    if (!register.ok) return { ok: false, error: "run.errors.notStarted" };
    const stamp = new Date().toISOString();
    const places = await markCompleted(trx, chosen.map((r) => ({ id: r.id, personId: r.person_id })), stamp);
    if (places.length === 0) return { ok: false, error: "run.errors.learner" };
    await recordCompletion(trx, run, places, actor, stamp);
    return { ok: true, completed: places.length };
  });
}

/**
 * The core's cohort lock (`withCohortLock`) taken in a transaction: the core's register joins a transaction it
 * is given, but on SQLite `withCohortLock` hands its work a bare connection, where the register would begin a
 * transaction inside its own. SQLite begins every transaction IMMEDIATE, taking the write lock up front as
 * the core's lock does; PostgreSQL locks the cohort's row, as the core's lock and the sync do.
 */
async function underCohortLock<T>(cohortId: number, work: (trx: Kysely<RipDatabase>) => Promise<T>): Promise<T> {
  return ripDb()
    .transaction()
    .execute(async (trx) => {
      await holdCohortLock(trx as unknown as Kysely<Database>, cohortId);
      return work(trx);
    });
}

type Place = { id: number; personId: number };

const sourceRefOf = (place: Place) => `enrolment:${place.id}`;

/**
 * Completes the places still booked, answering those it completed: a place that is no longer `enrolled`
 * (withdrawn, its seat given to the next person) is left as it is, whatever the roster said.
 */
async function markCompleted(trx: Kysely<RipDatabase>, places: Place[], stamp: string): Promise<Place[]> {
  const completed = new Set<number>();
  for (const chunk of chunks(places, ROWS_PER_STATEMENT)) {
    const rows = await trx.updateTable("enrolments").set({ status: "completed", updated_at: stamp }).where("id", "in", chunk.map((p) => p.id)).where("status", "=", "enrolled").returning("id").execute();
    for (const row of rows) completed.add(row.id);
  }
  return places.filter((p) => completed.has(p.id));
}

/** What a completion gives each completed place: the CPD entry, the evidence offer and its audit event. */
async function recordCompletion(trx: Kysely<RipDatabase>, run: Run, places: Place[], actor: Actor, stamp: string) {
  const host = trx as unknown as Kysely<Database>;
  await addCpdEntries(trx, run, places, stamp);
  const statementRefs = JSON.parse(run.kss_json) as string[];
  await offerEvidenceToMany(places.map((p) => ({ personId: p.personId, source: PLUGIN_ID, sourceRef: sourceRefOf(p), statementRefs, title: run.title, occurredOn: run.ends_on })), host);
  await recordAudit(actor, places.map((p) => ({ action: "research-in-practice.completed", subjectType: "enrolment", subjectId: p.id, personId: p.personId, after: { run: run.id } })), host);
}

/** A CPD entry for the course's hours; a place already holding one keeps it. */
async function addCpdEntries(trx: Kysely<RipDatabase>, run: Run, places: Place[], stamp: string) {
  for (const chunk of chunks(places, ROWS_PER_STATEMENT)) {
    await trx
      .insertInto("cpd_entries")
      .values(chunk.map((p) => ({ person_id: p.personId, source: PLUGIN_ID, source_ref: sourceRefOf(p), title: run.title, occurred_on: run.ends_on, hours: run.cpd_hours, reflection: null, created_at: stamp })))
      .onConflict((oc) => oc.columns(["person_id", "source", "source_ref"]).doNothing())
      .execute();
  }
}
