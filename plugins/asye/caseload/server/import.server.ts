// The weekly caseload report from L&D, with the staff import's rules: check every row first, report every
// bad row with its line number, then apply all rows in one transaction or none. Each week in the file
// replaces that week's figures; importing the same file again changes nothing and records nothing.
import { recordAudit, type Actor } from "../../../../app/services/audit.server";
import { heldInAnyCaseByCapitals } from "../../../../app/services/employee-numbers.server";
import { chunks } from "../../../../app/services/readiness.server";
import { readCsvFile, type CsvProblem, type CsvRecord } from "../../../../app/utils/csv-records.server";
import { utcToLondon } from "../../../../app/utils/london-time";
import { holdTransactionLock } from "../../../../app/utils/transaction-lock.server";
import type { Problem } from "../../../../app/utils/problems";
import { MAX_CASES } from "../constants";
import { caseloadDb, recountWeek } from "./db.server";
import { stageHistories, stageInWeek } from "./stages-then.server";
import { parseReportDate, weekOf } from "./weeks";
import type { Kysely } from "kysely";
import type { AuditInput } from "../../../sdk";
import { db as hostDb, type Database } from "../../../../app/utils/db.server";

export const CASELOAD_COLUMNS = ["employee_number", "date", "allocated_cases"] as const;

export type CaseloadImportOutcome =
  | { ok: false; problems: Problem[]; rows: number }
  | { ok: true; rows: number; weeks: { weekOf: string; rows: number; changed: boolean }[] };

export type ProgressReporter = (phase: "checking" | "applying", done: number, total: number) => void;

const ERR = "asye:caseload.import.errors";

interface CaseloadRow {
  line: number;
  employeeNumber: string;
  weekOf: string;
  cases: number;
}

/** A problem with the file as a whole, in the words of this import. */
function fileProblem({ reason, ...where }: CsvProblem): Problem {
  return { ...where, key: `${ERR}.${reason}` };
}

/** Each field's own shape: an employee number, a real date not in a future week, a whole number of cases. */
function checkRows(records: CsvRecord[], today: string, report?: ProgressReporter) {
  const problems: Problem[] = [];
  const rows: CaseloadRow[] = [];
  const thisWeek = weekOf(today);
  records.forEach(({ line, values: record }, index) => {
    const before = problems.length;
    const employeeNumber = (record.employee_number ?? "").toUpperCase();
    if (!employeeNumber) problems.push({ line, column: "employee_number", key: `${ERR}.required`, values: { column: "employee_number" } });
    else if (!/^[A-Z0-9-]{1,20}$/.test(employeeNumber)) problems.push({ line, column: "employee_number", key: `${ERR}.employeeNumber` });
    const date = parseReportDate(record.date ?? "");
    if (!record.date) problems.push({ line, column: "date", key: `${ERR}.required`, values: { column: "date" } });
    else if (!date) problems.push({ line, column: "date", key: `${ERR}.date` });
    else if (weekOf(date) > thisWeek) problems.push({ line, column: "date", key: `${ERR}.future` });
    const casesText = record.allocated_cases ?? "";
    if (!casesText) problems.push({ line, column: "allocated_cases", key: `${ERR}.required`, values: { column: "allocated_cases" } });
    else if (/^-\s*\d+(\.\d+)?$/.test(casesText)) problems.push({ line, column: "allocated_cases", key: `${ERR}.negative` });
    else if (!/^\d+$/.test(casesText)) problems.push({ line, column: "allocated_cases", key: `${ERR}.wholeNumber` });
    else if (Number(casesText) > MAX_CASES) problems.push({ line, column: "allocated_cases", key: `${ERR}.tooMany`, values: { max: MAX_CASES } });
    if (problems.length === before) rows.push({ line, employeeNumber, weekOf: weekOf(date!), cases: Number(casesText) });
    if (index % 1000 === 0) report?.("checking", index, records.length);
  });
  return { rows, problems };
}

/**
 * Across rows and against what we hold: the same person twice in a week, people we do not know, and
 * numbers more than one person holds in different capitals.
 */
async function checkAgainstData(rows: CaseloadRow[]) {
  const problems: Problem[] = [];
  const people = new Map<string, { id: number; careerStage: string | null }>();
  const heldAs = new Map<string, string[]>();
  // The report may write numbers in either case, and someone may be held as "old-3": looked up in any case,
  // through the numbers' index rather than by comparing every person's number in capitals.
  for (const [capitals, held] of await heldInAnyCaseByCapitals(hostDb(), rows.map((r) => r.employeeNumber))) {
    for (const p of held) people.set(capitals, { id: p.id, careerStage: p.career_stage });
    heldAs.set(capitals, held.map((p) => p.employee_number));
  }
  const firstLine = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.employeeNumber}|${row.weekOf}`;
    const previous = firstLine.get(key);
    if (previous) problems.push({ line: row.line, column: "employee_number", key: `${ERR}.duplicate`, values: { line: previous } });
    else firstLine.set(key, row.line);
    const held = heldAs.get(row.employeeNumber) ?? [];
    if (held.length === 0) problems.push({ line: row.line, column: "employee_number", key: `${ERR}.unknownEmployee`, values: { employee: row.employeeNumber } });
    // Migration 0013 left numbers that differ only in capitals ("old-3" and "Old-3") as they were: which
    // person HR means is for Pathways to settle, as the staff import says, not for this file to guess.
    else if (held.length > 1) problems.push({ line: row.line, column: "employee_number", key: `${ERR}.heldByMore`, values: { employee: row.employeeNumber, held: heldList(held) } });
  }
  return { problems, people };
}

/** Sorted here, not by the database, whose collation may put "old-3" before "Old-3" or after. */
function heldList(numbers: string[]): string {
  return [...numbers].sort((a, b) => (a < b ? -1 : 1)).join(", ");
}

/** The file as uploaded (bytes), or as text a caller read as UTF-8. */
export async function importCaseloads(csv: string | Uint8Array, actor: Actor, report?: ProgressReporter, now: Date = new Date()): Promise<CaseloadImportOutcome> {
  const file = readCsvFile(csv, { required: CASELOAD_COLUMNS });
  if (!file.ok) return { ok: false, problems: file.problems.map(fileProblem), rows: 0 };
  // London's date: just after midnight on a summer Monday, UTC's is still last week's Sunday.
  const { rows, problems } = checkRows(file.records, utcToLondon(now.toISOString()).date, report);
  const cross = await checkAgainstData(rows);
  const all = [...problems, ...cross.problems].sort((a, b) => a.line - b.line);
  if (all.length > 0) return { ok: false, problems: all, rows: file.records.length };
  return apply(rows, cross.people, actor, now, report);
}

type Figure = { person_id: number; cases: number; career_stage: string | null };

async function apply(rows: CaseloadRow[], people: Map<string, { id: number; careerStage: string | null }>, actor: Actor, now: Date, report?: ProgressReporter): Promise<CaseloadImportOutcome> {
  const importedAt = now.toISOString();
  const histories = await stageHistories(caseloadDb(), [...people.values()].map((p) => p.id));
  const byWeek = new Map<string, Figure[]>();
  for (const row of rows) {
    const person = people.get(row.employeeNumber)!;
    const list = byWeek.get(row.weekOf) ?? [];
    // The stage the person had in that week is kept with the figure, so the week keeps comparing the
    // people who were ASYE workers in it, however late it is imported and whatever they are now.
    list.push({ person_id: person.id, cases: row.cases, career_stage: stageInWeek(histories.get(person.id), person.careerStage, row.weekOf) });
    byWeek.set(row.weekOf, list);
  }
  return caseloadDb()
    .transaction()
    .execute(async (trx) => {
      const weeks: { weekOf: string; rows: number; changed: boolean }[] = [];
      let done = 0;
      for (const [week, figures] of [...byWeek].sort(([a], [b]) => a.localeCompare(b))) {
        // Two uploads of the same week at once take turns: the second reads what the first committed
        // instead of inserting the same people again. Weeks are locked oldest first, so two files
        // sharing weeks cannot wait on each other.
        await holdTransactionLock(trx as unknown as Kysely<Database>, `asye-caseload-week:${week}`);
        const held = await trx.selectFrom("asye_caseload_figures").select(["person_id", "cases", "career_stage"]).where("week_of", "=", week).execute();
        const changes = changedFigures(held, figures);
        if (changes.length === 0) {
          weeks.push({ weekOf: week, rows: figures.length, changed: false });
          done += figures.length;
          continue;
        }
        await trx.deleteFrom("asye_caseload_figures").where("week_of", "=", week).execute();
        for (const batch of chunks(figures, 400)) {
          await trx.insertInto("asye_caseload_figures").values(batch.map((f) => ({ ...f, week_of: week, imported_at: importedAt }))).execute();
          done += batch.length;
          report?.("applying", done, rows.length);
        }
        await recountWeek(trx, week);
        // The week's totals, and each person's figure that was replaced or removed, so their audit trail (and
        // what a subject access request lists) keeps the value lost. A new figure is its own record: one event
        // a person a week would add a row to the audit log for every figure ever imported. One call:
        // recordAudit inserts in batches.
        await recordAudit(
          actor,
          [
            {
              action: "asye.caseload.week_imported",
              subjectType: "caseload_week",
              subjectId: week,
              before: held.length > 0 ? summary(held) : undefined,
              after: summary(figures),
            },
            ...changes.filter((change) => change.before !== undefined).map((change) => figureEvent(week, change)),
          ],
          trx as unknown as Kysely<Database>,
        );
        weeks.push({ weekOf: week, rows: figures.length, changed: true });
      }
      report?.("applying", rows.length, rows.length);
      return { ok: true as const, rows: rows.length, weeks };
    });
}

/** What the audit keeps of a week: how many people and cases, not every figure. */
function summary(figures: Figure[]) {
  return { people: figures.length, cases: figures.reduce((sum, f) => sum + f.cases, 0) };
}

interface FigureChange {
  personId: number;
  before?: Figure;
  after?: Figure;
}

/**
 * Each person whose figure for the week differs from the one held: replaced (cases or the stage kept with
 * them), new, or gone because the file no longer lists them. Compared in memory against the week's figures
 * read in one query, so a large file costs no query per row; an unchanged figure is not a change.
 */
function changedFigures(held: Figure[], next: Figure[]): FigureChange[] {
  const heldBy = new Map(held.map((f) => [f.person_id, f]));
  const changes: FigureChange[] = [];
  for (const after of next) {
    const before = heldBy.get(after.person_id);
    heldBy.delete(after.person_id);
    if (before === undefined || before.cases !== after.cases || before.career_stage !== after.career_stage) changes.push({ personId: after.person_id, before, after });
  }
  for (const before of heldBy.values()) changes.push({ personId: before.person_id, before });
  return changes;
}

/** One person's figure for a week, before and after; a side is left out when they had (or have) none. */
function figureEvent(week: string, { personId, before, after }: FigureChange): AuditInput {
  const value = (f: Figure) => ({ cases: f.cases, careerStage: f.career_stage });
  return {
    action: "asye.caseload.figure_changed",
    subjectType: "caseload_week",
    subjectId: week,
    personId,
    before: before && value(before),
    after: after && value(after),
  };
}
