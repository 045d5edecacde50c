// Attendance for a cohort from a CSV (employee_number, session, mark): every row checked first, each
// bad one reported with its line, then all marks saved together or none.
import { db } from "../utils/db.server";
import { readCsvFile } from "../utils/csv-records.server";
import { csvFileProblem, type Problem } from "../utils/problems";
import { MARKS, type Mark } from "../utils/cohort-form";
import { withoutControlCharacters } from "../utils/text";
import { recordAudit, type Actor } from "./audit.server";
import { writeMarks } from "./attendance.server";
import { HOLDING_STATUSES } from "./cohorts.server";


const COLUMNS = ["employee_number", "session", "mark"] as const;
export const MAX_ATTENDANCE_ROWS = 20_000;

/** The file is read by the same reader as every import; columns beyond the three (a name, say) are read past. */
export async function importAttendance(cohortId: number, csv: string | Uint8Array, actor: Actor): Promise<{ ok: true; saved: number } | { ok: false; problems: Problem[] }> {
  const file = readCsvFile(csv, { required: COLUMNS, others: "ignore" });
  if (!file.ok) return { ok: false, problems: file.problems.map(csvFileProblem) };
  const records = file.records.map(({ line, values }) => ({ line, record: Object.fromEntries(COLUMNS.map((c) => [c, withoutControlCharacters(values[c])])) }));
  if (records.length > MAX_ATTENDANCE_ROWS) return { ok: false, problems: [{ line: 1, key: "attendanceImport.errors.tooMany", values: { max: MAX_ATTENDANCE_ROWS } }] };

  const [sessions, learners] = await Promise.all([
    db().selectFrom("cohort_sessions").select(["id", "sequence"]).where("cohort_id", "=", cohortId).execute(),
    db().selectFrom("enrolments as e").innerJoin("people as p", "p.id", "e.person_id").select(["e.id", "e.person_id", "p.employee_number"]).where("e.cohort_id", "=", cohortId).where("e.status", "in", [...HOLDING_STATUSES]).execute(),
  ]);
  const sessionBySequence = new Map(sessions.map((s) => [String(s.sequence), s.id]));
  const enrolmentByEmployee = new Map(learners.map((l) => [l.employee_number, l.id]));
  // Nobody records their own attendance: the uploader's own row is refused on its line.
  const ownEnrolments = new Set(learners.filter((l) => l.person_id === actor.personId).map((l) => l.id));
  const problems: Problem[] = [];
  const marks = new Map<string, { sessionId: number; enrolmentId: number; mark: Mark; line: number }>();
  for (const { line, record } of records) {
    const enrolmentId = enrolmentByEmployee.get(record.employee_number.toUpperCase());
    const sessionId = sessionBySequence.get(record.session);
    const mark = record.mark.toLowerCase();
    if (!enrolmentId) problems.push({ line, key: "attendanceImport.errors.notOnCohort", values: { employee: record.employee_number } });
    else if (ownEnrolments.has(enrolmentId)) problems.push({ line, key: "attendanceImport.errors.own" });
    if (!sessionId) problems.push({ line, key: "attendanceImport.errors.session", values: { session: record.session } });
    if (!(MARKS as readonly string[]).includes(mark)) problems.push({ line, key: "attendanceImport.errors.mark", values: { mark: record.mark } });
    if (!enrolmentId || !sessionId || !(MARKS as readonly string[]).includes(mark)) continue;
    const key = `${sessionId}:${enrolmentId}`;
    const earlier = marks.get(key);
    if (earlier) problems.push({ line, key: "attendanceImport.errors.duplicate", values: { line: earlier.line } });
    else marks.set(key, { sessionId, enrolmentId, mark: mark as Mark, line });
  }
  if (problems.length) return { ok: false, problems };

  await db()
    .transaction()
    .execute(async (trx) => {
      await writeMarks([...marks.values()], actor, trx);
      await recordAudit(actor, { action: "attendance.imported", subjectType: "cohort", subjectId: cohortId, after: { marks: marks.size } }, trx);
    });
  return { ok: true, saved: marks.size };
}
