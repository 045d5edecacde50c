// Registers: who is expected at a session and how each was marked, saved in one go.
import type { Kysely } from "kysely";

import { isPostgres } from "../../plugins/sdk/migrations";
import { db, type Database } from "../utils/db.server";
import { isStorableId } from "../utils/http.server";
import { withinTransaction } from "../utils/within-transaction.server";
import { recordAudit, type Actor } from "./audit.server";
import { holdCohortLock } from "./cohort-lock.server";
import { HOLDING_STATUSES } from "./cohorts.server";
import { chunks } from "./readiness.server";

import type { Mark } from "../utils/cohort-form";

/**
 * A session that has been held: begun, and not cancelled. Only such a session keeps a register: a mark on
 * one to come or one cancelled would count attendance that never happened towards a completion.
 */
export const sessionHeld = (session: { status: string; starts_at: string }, now = new Date()) => session.status === "scheduled" && session.starts_at <= now.toISOString();

/** A row whose mark a colleague changed since the form was shown, and which the form changes too. */
export type ChangedMeanwhile = { enrolmentId: number; givenName: string; familyName: string; mark: Mark | null };

export type RegisterSaved = { ok: true; changed: number } | { ok: false; error: "notHeld" } | { ok: false; error: "changedMeanwhile"; rows: ChangedMeanwhile[] };

/**
 * The marks shown on a register's form, by enrolment: null for a row shown unmarked. A row absent from it
 * was not shown, so it is not written.
 */
export type ShownMarks = ReadonlyMap<number, Mark | null>;

/**
 * The cohort's sessions (or the one asked for), kept from changing until the transaction ends on
 * PostgreSQL: one cancelled at the same moment waits for the marks to be saved, or is cancelled first and
 * seen so here. Taken after the cohort's lock, as a feed's change to a run's cohort and session is.
 */
export async function cohortSessionsLocked(trx: Kysely<Database>, cohortId: number, sessionId?: number) {
  return trx
    .selectFrom("cohort_sessions")
    .select(["id", "sequence", "status", "starts_at"])
    .where("cohort_id", "=", cohortId)
    .$if(sessionId !== undefined, (qb) => qb.where("id", "=", sessionId!))
    .$if(isPostgres(trx), (qb) => qb.forShare())
    .execute();
}

/** The register's rows: places held on the session's cohort, each with its mark if it has one, in name order. */
const registerRows = (executor: Kysely<Database>, sessionId: number, cohortId: number) =>
  executor
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("attendance as a", (join) => join.onRef("a.enrolment_id", "=", "e.id").on("a.session_id", "=", sessionId))
    .select(["e.id as enrolment_id", "e.person_id", "p.given_name", "p.family_name", "p.employee_number", "a.status as mark"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .orderBy("p.family_name")
    .orderBy("p.given_name");

/** Everyone holding a place on the session's cohort, with their mark if they have one. */
export async function registerFor(sessionId: number, cohortId: number, executor: Kysely<Database> = db()) {
  return registerRows(executor, sessionId, cohortId).execute();
}

/**
 * The register's rows for the places given alone, a bounded number a statement: a save of a few marks (a
 * run's completion for the learners chosen, a row or two changed) reads those rows, not the cohort's whole
 * list. An id not held on the cohort finds no row, as it would find none in the whole register.
 */
async function registerRowsOf(sessionId: number, cohortId: number, enrolmentIds: number[], trx: Kysely<Database>) {
  // An id no row could have (larger than an integer column holds) is never a place, and is not looked up.
  const wanted = [...new Set(enrolmentIds)].filter(isStorableId);
  const rows: Awaited<ReturnType<typeof registerFor>> = [];
  for (const ids of chunks(wanted, MARKS_PER_STATEMENT)) rows.push(...(await registerRows(trx, sessionId, cohortId).where("e.id", "in", ids).execute()));
  return rows;
}

/**
 * Saves the marks given; an enrolment left unmarked keeps no mark. Only enrolments on the cohort count,
 * so a tampered form cannot mark someone elsewhere, and never the marker's own place: nobody records
 * their own attendance (a programme's page does not offer it). Answers how many marks changed.
 * In the caller's transaction when given one, so a programme's larger change (a run's completion, say)
 * keeps its marks only if it keeps everything else. Refused, changing nothing, for a session not held.
 * The session and the marks are read under the cohort's lock, so two saves of one register at once each
 * see what the other saved (the audit's "before" is the mark replaced), and a place withdrawn or a session
 * cancelled meanwhile lands wholly before or after.
 *
 * `shown`, the marks as the form showed them, is for a register saved from a page, which every page's form
 * sends: only rows whose mark the user changed from the one shown are written, so a colleague's mark saved
 * since on a row the user left alone stands. A row the user changed that a colleague has changed too
 * (its mark is no longer the one shown, nor the user's) refuses the whole save, naming those rows, so one
 * person's marks never silently replace another's. Without `shown` (a programme's own action, such as a
 * run's completion marking its learners present) every mark given is written, as before.
 */
export async function saveRegister(sessionId: number, cohortId: number, marks: Map<number, Mark | null>, actor: Actor, executor: Kysely<Database> = db(), shown?: ShownMarks): Promise<RegisterSaved> {
  return withinTransaction(executor, async (trx) => {
    await holdCohortLock(trx, cohortId);
    const [session] = await cohortSessionsLocked(trx, cohortId, sessionId);
    if (!session || !sessionHeld(session)) return { ok: false, error: "notHeld" } as const;
    // Only a row given a mark (and, from a page, shown) can change, so only those rows are read.
    const expected = await registerRowsOf(sessionId, cohortId, [...marks.keys()].filter((id) => !shown || shown.has(id)), trx);
    const markOf = (row: { enrolment_id: number }) => marks.get(row.enrolment_id) ?? null;
    const asked = expected.filter((row) => row.person_id !== actor.personId && marks.has(row.enrolment_id) && (!shown || changedFromShown(shown, row.enrolment_id, markOf(row))));
    const changes = asked.filter((row) => markOf(row) !== (row.mark ?? null));
    const meanwhile = shown ? changes.filter((row) => (row.mark ?? null) !== (shown.get(row.enrolment_id) ?? null)) : [];
    if (meanwhile.length) {
      return { ok: false, error: "changedMeanwhile", rows: meanwhile.map((row) => ({ enrolmentId: row.enrolment_id, givenName: row.given_name, familyName: row.family_name, mark: (row.mark ?? null) as Mark | null })) } as const;
    }
    const cleared = changes.filter((row) => markOf(row) === null).map((row) => row.enrolment_id);
    const marked = changes.flatMap((row) => {
      const mark = markOf(row);
      return mark === null ? [] : [{ sessionId, enrolmentId: row.enrolment_id, mark }];
    });
    await clearMarks(sessionId, cleared, trx);
    await writeMarks(marked, actor, trx);
    if (changes.length) {
      await recordAudit(
        actor,
        changes.map((row) => ({ action: "attendance.marked", subjectType: "cohort_session", subjectId: sessionId, personId: row.person_id, before: { enrolment: row.enrolment_id, mark: row.mark ?? null }, after: { enrolment: row.enrolment_id, mark: markOf(row) } })),
        trx,
      );
    }
    return { ok: true, changed: changes.length } as const;
  });
}

/** Whether the form shows the row and the user chose a mark other than the one it showed. */
const changedFromShown = (shown: ShownMarks, enrolmentId: number, mark: Mark | null) => shown.has(enrolmentId) && (shown.get(enrolmentId) ?? null) !== mark;

// Statements hold a bounded number of rows: SQLite refuses more than 32,766 parameters in one, and a
// register or an uploaded file is saved in a handful of statements, not one for each mark.
const MARKS_PER_STATEMENT = 500;

async function clearMarks(sessionId: number, enrolmentIds: number[], trx: Kysely<Database>) {
  for (const ids of chunks(enrolmentIds, MARKS_PER_STATEMENT)) {
    await trx.deleteFrom("attendance").where("session_id", "=", sessionId).where("enrolment_id", "in", ids).execute();
  }
}

/** Writes each mark, replacing the one it had; the marker and the time are the same for the whole save. */
export async function writeMarks(marks: { sessionId: number; enrolmentId: number; mark: Mark }[], actor: Actor, trx: Kysely<Database>) {
  const now = new Date().toISOString();
  for (const chunk of chunks(marks, MARKS_PER_STATEMENT)) {
    await trx
      .insertInto("attendance")
      .values(chunk.map((m) => ({ session_id: m.sessionId, enrolment_id: m.enrolmentId, status: m.mark, marked_by: actor.personId, marked_at: now })))
      .onConflict((oc) =>
        oc.columns(["session_id", "enrolment_id"]).doUpdateSet((eb) => ({ status: eb.ref("excluded.status"), marked_by: eb.ref("excluded.marked_by"), marked_at: eb.ref("excluded.marked_at") })),
      )
      .execute();
  }
}
