// Registers: who is expected at a session and how each was marked, saved in one go.
import { db } from "../utils/db.server";
import { recordAudit, type Actor } from "./audit.server";
import { HOLDING_STATUSES } from "./cohorts.server";

import type { Mark } from "../utils/cohort-form";

/** Everyone holding a place on the session's cohort, with their mark if they have one. */
export async function registerFor(sessionId: number, cohortId: number) {
  return db()
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
 */
export async function saveRegister(sessionId: number, cohortId: number, marks: Map<number, Mark | null>, actor: Actor) {
  const expected = await registerFor(sessionId, cohortId);
  const now = new Date().toISOString();
  return db()
    .transaction()
    .execute(async (trx) => {
      const changes = expected.filter((row) => row.person_id !== actor.personId && marks.has(row.enrolment_id) && (marks.get(row.enrolment_id) ?? null) !== (row.mark ?? null));
      for (const row of changes) {
        const mark = marks.get(row.enrolment_id) ?? null;
        if (mark === null) {
          await trx.deleteFrom("attendance").where("session_id", "=", sessionId).where("enrolment_id", "=", row.enrolment_id).execute();
        } else {
          await trx
            .insertInto("attendance")
            .values({ session_id: sessionId, enrolment_id: row.enrolment_id, status: mark, marked_by: actor.personId, marked_at: now })
            .onConflict((oc) => oc.columns(["session_id", "enrolment_id"]).doUpdateSet({ status: mark, marked_by: actor.personId, marked_at: now }))
            .execute();
        }
      }
      if (changes.length) {
        await recordAudit(
          actor,
          changes.map((row) => ({ action: "attendance.marked", subjectType: "cohort_session", subjectId: sessionId, personId: row.person_id, before: { enrolment: row.enrolment_id, mark: row.mark ?? null }, after: { enrolment: row.enrolment_id, mark: marks.get(row.enrolment_id) ?? null } })),
          trx,
        );
      }
      return changes.length;
    });
}
