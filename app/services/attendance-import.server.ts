// Attendance for a cohort from a CSV (employee_number, session, mark): every row checked first, each
// bad one reported with its line, then all marks saved together or none.
import type { Kysely } from "kysely";
import { db, type Database } from "../utils/db.server";
import { readCsvFile } from "../utils/csv-records.server";
import { csvFileProblem, type Problem } from "../utils/problems";
import { MARKS, type Mark } from "../utils/cohort-form";
import { withoutControlCharacters } from "../utils/text";
import { recordAudit, type Actor } from "./audit.server";
import { cohortSessionsLocked, sessionHeld, writeMarks } from "./attendance.server";
import { holdCohortLock } from "./cohort-lock.server";
import { peopleByEmployeeNumbers, type Found } from "./employee-numbers.server";
import { HOLDING_STATUSES } from "./cohorts.server";
import { chunks } from "./readiness.server";


const COLUMNS = ["employee_number", "session", "mark"] as const;
export const MAX_ATTENDANCE_ROWS = 20_000;

type Line = { line: number; record: Record<(typeof COLUMNS)[number], string> };
type Imported = { ok: true; saved: number } | { ok: false; problems: Problem[] };

/**
 * The file is read by the same reader as every import; columns beyond the three (a name, say) are read past.
 * Its rows are checked in the transaction that saves them, under the cohort's lock and with its sessions
 * kept from changing: a place withdrawn or a session cancelled while the file is read is either seen by
 * the check, and its rows refused on their lines with nothing saved, or waits until the marks are saved.
 */
export async function importAttendance(cohortId: number, csv: string | Uint8Array, actor: Actor): Promise<Imported> {
  const file = readCsvFile(csv, { required: COLUMNS, others: "ignore" });
  if (!file.ok) return { ok: false, problems: file.problems.map(csvFileProblem) };
  const records = file.records.map(({ line, values }) => ({ line, record: Object.fromEntries(COLUMNS.map((c) => [c, withoutControlCharacters(values[c])])) }) as Line);
  if (records.length > MAX_ATTENDANCE_ROWS) return { ok: false, problems: [{ line: 1, key: "attendanceImport.errors.tooMany", values: { max: MAX_ATTENDANCE_ROWS } }] };

  return db()
    .transaction()
    .execute(async (trx): Promise<Imported> => {
      await holdCohortLock(trx, cohortId);
      const sessions = await cohortSessionsLocked(trx, cohortId);
      const learners = await trx.selectFrom("enrolments as e").innerJoin("people as p", "p.id", "e.person_id").select(["e.id", "e.person_id", "p.employee_number"]).where("e.cohort_id", "=", cohortId).where("e.status", "in", [...HOLDING_STATUSES]).execute();
      const checked = checkedMarks(records, sessions, learners, await learnersNamed(trx, records, learners), actor);
      if (!checked.ok) return checked;
      const personOf = new Map(learners.map((l) => [l.id, l.person_id]));
      const changes = await changedMarks(checked.marks, trx);
      await writeMarks(changes.map(({ before: _before, ...mark }) => mark), actor, trx);
      // Each mark the file changes is audited with the person and the mark it replaced, as a register's
      // are: the file's one event about the cohort said neither whose attendance changed nor from what.
      await recordAudit(
        actor,
        [
          ...changes.map((m) => ({ action: "attendance.marked", subjectType: "cohort_session", subjectId: m.sessionId, personId: personOf.get(m.enrolmentId)!, before: { enrolment: m.enrolmentId, mark: m.before }, after: { enrolment: m.enrolmentId, mark: m.mark } })),
          { action: "attendance.imported", subjectType: "cohort", subjectId: cohortId, after: { marks: checked.marks.length, changed: changes.length } },
        ],
        trx,
      );
      return { ok: true, saved: checked.marks.length };
    });
}

type Learner = { id: number; person_id: number; employee_number: string };

/** The place a number in the file names, if any; or the numbers it could mean, held in different capitals. */
type Named = { enrolmentId?: number; ambiguous?: string[] };

/**
 * The place each of the file's numbers names, written in any case: the learner holding it as written, else
 * the person it names in other capitals (employee-numbers.server.ts), if they hold a place. Only a number a
 * learner holds in other capitals is looked up, so a file written as the numbers are held costs no query.
 */
async function learnersNamed(trx: Kysely<Database>, records: Line[], learners: Learner[]) {
  const asHeld = new Map(learners.map((l) => [l.employee_number, l.id]));
  const inCapitals = new Set(learners.map((l) => l.employee_number.toUpperCase()));
  const placeOf = new Map(learners.map((l) => [l.person_id, l.id]));
  const numbers = new Set(records.map((r) => r.record.employee_number));
  const otherwise = [...numbers].filter((n) => !asHeld.has(n) && inCapitals.has(n.toUpperCase()));
  const found = otherwise.length ? await peopleByEmployeeNumbers(trx, otherwise) : new Map<string, Found>();
  const named = new Map<string, Named>();
  for (const number of numbers) {
    const { person, ambiguous } = found.get(number) ?? {};
    named.set(number, asHeld.has(number) ? { enrolmentId: asHeld.get(number) } : { enrolmentId: person && placeOf.get(person.id), ambiguous });
  }
  return named;
}

/** Every row checked against the cohort's sessions and places as they stand: its marks, or each bad row's problems by line. */
function checkedMarks(
  records: Line[],
  sessions: { id: number; sequence: number; status: string; starts_at: string }[],
  learners: Learner[],
  named: Map<string, Named>,
  actor: Actor,
): { ok: true; marks: { sessionId: number; enrolmentId: number; mark: Mark }[] } | { ok: false; problems: Problem[] } {
  const sessionBySequence = new Map(sessions.map((s) => [String(s.sequence), s.id]));
  const notHeld = new Set(sessions.filter((s) => !sessionHeld(s)).map((s) => s.id));
  // Nobody records their own attendance: the uploader's own row is refused on its line.
  const ownEnrolments = new Set(learners.filter((l) => l.person_id === actor.personId).map((l) => l.id));
  const problems: Problem[] = [];
  const marks = new Map<string, { sessionId: number; enrolmentId: number; mark: Mark; line: number }>();
  for (const { line, record } of records) {
    const { enrolmentId, ambiguous } = named.get(record.employee_number) ?? {};
    const sessionId = sessionBySequence.get(record.session);
    const mark = record.mark.toLowerCase();
    if (ambiguous) problems.push({ line, key: "attendanceImport.errors.ambiguousEmployee", values: { numbers: ambiguous.join(", ") } });
    else if (!enrolmentId) problems.push({ line, key: "attendanceImport.errors.notOnCohort", values: { employee: record.employee_number } });
    else if (ownEnrolments.has(enrolmentId)) problems.push({ line, key: "attendanceImport.errors.own" });
    if (!sessionId) problems.push({ line, key: "attendanceImport.errors.session", values: { session: record.session } });
    else if (notHeld.has(sessionId)) problems.push({ line, key: "attendanceImport.errors.notHeld", values: { session: record.session } });
    if (!(MARKS as readonly string[]).includes(mark)) problems.push({ line, key: "attendanceImport.errors.mark", values: { mark: record.mark } });
    if (!enrolmentId || !sessionId || !(MARKS as readonly string[]).includes(mark)) continue;
    const key = `${sessionId}:${enrolmentId}`;
    const earlier = marks.get(key);
    if (earlier) problems.push({ line, key: "attendanceImport.errors.duplicate", values: { line: earlier.line } });
    else marks.set(key, { sessionId, enrolmentId, mark: mark as Mark, line });
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, marks: [...marks.values()].map(({ line: _line, ...mark }) => mark) };
}

/** The file's marks that differ from those held (or are new), each with the mark it replaces; read in the import's transaction. */
async function changedMarks(marks: { sessionId: number; enrolmentId: number; mark: Mark }[], trx: Kysely<Database>) {
  const held = new Map<string, Mark>();
  for (const batch of chunks([...new Set(marks.map((m) => m.enrolmentId))], 500)) {
    const rows = await trx.selectFrom("attendance").select(["session_id", "enrolment_id", "status"]).where("enrolment_id", "in", batch).execute();
    for (const row of rows) held.set(`${row.session_id}:${row.enrolment_id}`, row.status as Mark);
  }
  return marks
    .map(({ sessionId, enrolmentId, mark }) => ({ sessionId, enrolmentId, mark, before: held.get(`${sessionId}:${enrolmentId}`) ?? null }))
    .filter((m) => m.before !== m.mark);
}
