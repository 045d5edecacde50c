// Which marks count as a session attended: "present" on a session that has been held (begun and not
// cancelled, as the core's sessionHeld says). Registers now refuse other sessions, but a mark stored on a
// session later cancelled, or before they did, must not count towards a completion.
import type { Kysely } from "kysely";
import { db, type Database } from "../../../app/utils/db.server";

/**
 * The "present" marks of these enrolments on sessions held by `now`, as `a` (attendance) joined to `s` (its
 * session); read in `executor` when given, so a check made in a transaction reads them there.
 */
export function presentAtHeldSessions(enrolmentIds: number[], now: Date, executor: Kysely<Database> = db()) {
  return executor
    .selectFrom("attendance as a")
    .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
    .where("a.enrolment_id", "in", enrolmentIds)
    .where("a.status", "=", "present")
    .where("s.status", "=", "scheduled")
    .where("s.starts_at", "<=", now.toISOString());
}
