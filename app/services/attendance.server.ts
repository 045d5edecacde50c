// Registers: who is expected at a session and how each was marked, saved in one go.
import type { Kysely } from "kysely";

import { isPostgres } from "../../plugins/sdk/migrations";
import { db, type Database } from "../utils/db.server";
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

export type RegisterSaved = { ok: true; changed: number } | { ok: false; error: "notHeld" };

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

/** Everyone holding a place on the session's cohort, with their mark if they have one. */
export async function registerFor(sessionId: number, cohortId: number, executor: Kysely<Database> = db()) {
  return executor
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("attendance as a", (join) => join.onRef("a.enrolment_id", "=", "e.id").on("a.session_id", "=", sessionId))
    .select(["e.id as enrolment_id", "e.person_id", "p.given_name", "p.family_name", "p.employee_number", "a.status as mark"])
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .orderBy("p.family_name")
    .orderBy("p.given_name")
    .execute();
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
 */
export async function saveRegister(sessionId: number, cohortId: number, marks: Map<number, Mark | null>, actor: Actor, executor: Kysely<Database> = db()): Promise<RegisterSaved> {
  return withinTransaction(executor, async (trx) => {
    await holdCohortLock(trx, cohortId);
    const [session] = await cohortSessionsLocked(trx, cohortId, sessionId);
    if (!session || !sessionHeld(session)) return { ok: false, error: "notHeld" } as const;
    const expected = await registerFor(sessionId, cohortId, trx);
    const changes = expected.filter((row) => row.person_id !== actor.personId && marks.has(row.enrolment_id) && (marks.get(row.enrolment_id) ?? null) !== (row.mark ?? null));
    const cleared = changes.filter((row) => (marks.get(row.enrolment_id) ?? null) === null).map((row) => row.enrolment_id);
    const marked = changes.flatMap((row) => {
      const mark = marks.get(row.enrolment_id) ?? null;
      return mark === null ? [] : [{ sessionId, enrolmentId: row.enrolment_id, mark }];
    });
    await clearMarks(sessionId, cleared, trx);
    await writeMarks(marked, actor, trx);
    if (changes.length) {
      await recordAudit(
        actor,
        changes.map((row) => ({ action: "attendance.marked", subjectType: "cohort_session", subjectId: sessionId, personId: row.person_id, before: { enrolment: row.enrolment_id, mark: row.mark ?? null }, after: { enrolment: row.enrolment_id, mark: marks.get(row.enrolment_id) ?? null } })),
        trx,
      );
    }
    return { ok: true, changed: changes.length } as const;
  });
}

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
