// The HR staff import: check every row first, report every bad row with its line number, then apply
// all rows in one transaction or none. Applying the same file twice changes nothing the second time.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, NewPerson } from "../../db/schema";
import { personSearchText } from "../../db/search-text";
import { readCsvFile, type CsvRecord } from "../utils/csv-records.server";
import { isIsoDate } from "../utils/dates";
import { db } from "../utils/db.server";
import { londonToday } from "../utils/london-time";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { csvFileProblem, type Problem } from "../utils/problems";
import { recordAudit, type Actor } from "./audit.server";
import { assignStagesFromRoles, lockRequestsAStageMaySettle, type AssignedStage, type ClosedRequest } from "./career-stages.server";
import { IMPORT_COLUMNS, ROLE_CATEGORIES } from "../utils/staff-fields";
import { chunks } from "./readiness.server";

const OPTIONAL_COLUMNS = new Set(["line_manager_employee_number", "qualification_date", "registration_number", "registration_expiry"]);


export type ImportOutcome =
  | { ok: false; problems: Problem[]; rows: number }
  | { ok: true; rows: number; created: number; updated: number; unchanged: number };

export type ProgressReporter = (phase: "checking" | "applying", done: number, total: number) => void;

const isoDate = z.string().refine(isIsoDate, "import.errors.date");
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const rowSchema = z.object({
  // Stored in capitals, as every lookup by employee number reads what is typed (migration 0013).
  employee_number: z.string().min(1, "import.errors.required").max(20, "import.errors.employeeNumber").regex(/^[A-Za-z0-9-]+$/, "import.errors.employeeNumber").transform((v) => v.toUpperCase()),
  given_name: z.string().min(1, "import.errors.required").max(100, "import.errors.tooLong"),
  family_name: z.string().min(1, "import.errors.required").max(100, "import.errors.tooLong"),
  email: z.string().min(1, "import.errors.required").max(254, "import.errors.email").email("import.errors.email"),
  job_title: z.string().min(1, "import.errors.required").max(120, "import.errors.tooLong"),
  role_category: z.enum(ROLE_CATEGORIES, { errorMap: () => ({ message: "import.errors.roleCategory" }) }),
  team: z.string().min(1, "import.errors.required"),
  line_manager_employee_number: optional(z.string().max(20, "import.errors.employeeNumber").transform((v) => v.toUpperCase())),
  fte: z.string().min(1, "import.errors.required").regex(/^\d+(\.\d+)?$/, "import.errors.fte").transform(Number).refine((n) => n > 0 && n <= 1, "import.errors.fte"),
  employment_start: isoDate,
  qualification_date: optional(isoDate),
  registration_number: optional(z.string().regex(/^SW\d{1,7}$/i, "import.errors.registrationNumber").transform((v) => v.toUpperCase())),
  registration_expiry: optional(isoDate),
});
type StaffRow = z.infer<typeof rowSchema>;

interface ParsedRow {
  line: number;
  row: StaffRow;
}


type Executor = Kysely<Database>;

async function existingPeople(executor: Executor, employeeNumbers: string[]) {
  const map = new Map<string, NewPerson & { id: number }>();
  for (const batch of chunks(employeeNumbers)) {
    const rows = await executor.selectFrom("people").selectAll().where("employee_number", "in", batch).execute();
    for (const r of rows) map.set(r.employee_number, r);
  }
  return map;
}

/**
 * Teams by code or name, in lower case. A code names one team; a name two teams share (in two localities,
 * say) names neither, so such a line is refused and asks for the code, rather than moving people into
 * whichever team was read last. A code wins over another team's same name.
 */
async function teamLookup(executor: Executor) {
  const teams = await executor.selectFrom("org_units").select(["id", "code", "name"]).where("kind", "=", "team").execute();
  const byCode = new Map(teams.map((t) => [t.code.toLowerCase(), t.id]));
  const byName = new Map<string, number[]>();
  for (const t of teams) byName.set(t.name.toLowerCase(), [...(byName.get(t.name.toLowerCase()) ?? []), t.id]);
  const ambiguous = new Set([...byName].filter(([key, ids]) => ids.length > 1 && !byCode.has(key)).map(([key]) => key));
  const byKey = new Map([...[...byName].filter(([, ids]) => ids.length === 1).map(([key, ids]) => [key, ids[0]] as const), ...byCode]);
  return { byKey, ambiguous };
}

/**
 * Held employee numbers not written in capitals whose capitals nobody holds, under those capitals. Migration
 * 0013 left numbers that differ only in case ("old-3" and "Old-3") as they were. The file's numbers are read
 * in capitals, so a line for "old-3" would match neither and add a third person with HR's same number. One
 * query, whatever the size of the file: such numbers are few.
 */
async function heldOnlyInOtherCases(executor: Executor) {
  const held = await executor
    .selectFrom("people as p")
    .select("p.employee_number")
    .where("p.employee_number", "<>", sql<string>`upper(p.employee_number)`)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("people as q").select("q.id").where("q.employee_number", "=", sql<string>`upper(p.employee_number)`))))
    .execute();
  // Sorted here, not by the database, whose collation may put "hc-1" before "Hc-1" or after.
  held.sort((a, b) => (a.employee_number < b.employee_number ? -1 : 1));
  const byCapitals = new Map<string, string[]>();
  for (const { employee_number } of held) {
    const capitals = employee_number.toUpperCase();
    byCapitals.set(capitals, [...(byCapitals.get(capitals) ?? []), employee_number]);
  }
  return byCapitals;
}

/** Checks that don't depend on other rows: each field's shape. */
function checkRows(records: CsvRecord[], report: ProgressReporter | undefined) {
  const problems: Problem[] = [];
  const rows: ParsedRow[] = [];
  records.forEach(({ line, values }, index) => {
    const result = rowSchema.safeParse(values);
    if (result.success) {
      rows.push({ line, row: result.data });
    } else {
      for (const issue of result.error.issues) {
        const column = String(issue.path[0] ?? "");
        const values: Record<string, string | number> = { column };
        if (issue.code === "too_big") values.max = Number(issue.maximum);
        problems.push({ line, column, key: issue.message.startsWith("import.") ? issue.message : "import.errors.required", values });
      }
    }
    if (index % 1000 === 0) report?.("checking", index, records.length);
  });
  return { rows, problems };
}

/** Checks across rows and against what we hold: duplicates, teams, managers, dates that must agree. */
async function checkAgainstData(executor: Executor, rows: ParsedRow[]) {
  const problems: Problem[] = [];
  const teams = await teamLookup(executor);
  const firstLineOf = new Map<string, number>();
  const emailLine = new Map<string, number>();
  const inFile = new Set(rows.map((r) => r.row.employee_number));
  const emails = rows.map((r) => r.row.email.toLowerCase());
  const emailOwners = new Map<string, string>();
  for (const batch of chunks(emails)) {
    const owners = await executor.selectFrom("people").select(["email", "employee_number"]).where("email", "in", batch).execute();
    for (const o of owners) emailOwners.set(o.email, o.employee_number);
  }
  const managerNumbers = [...new Set(rows.map((r) => r.row.line_manager_employee_number).filter((m): m is string => Boolean(m) && !inFile.has(m!)))];
  const managersHeld = await existingPeople(executor, managerNumbers);
  const heldOtherwise = await heldOnlyInOtherCases(executor);
  const today = londonToday();

  for (const { line, row } of rows) {
    const previous = firstLineOf.get(row.employee_number);
    if (previous) problems.push({ line, column: "employee_number", key: "import.errors.duplicateEmployee", values: { line: previous } });
    else firstLineOf.set(row.employee_number, line);
    const heldAs = heldOtherwise.get(row.employee_number);
    if (heldAs) problems.push({ line, column: "employee_number", key: "import.errors.heldOtherwise", values: { employee: row.employee_number, held: heldAs.join(", ") } });
    const email = row.email.toLowerCase();
    const emailPrevious = emailLine.get(email);
    if (emailPrevious) problems.push({ line, column: "email", key: "import.errors.duplicateEmail", values: { line: emailPrevious } });
    else emailLine.set(email, line);
    const owner = emailOwners.get(email);
    if (owner && owner !== row.employee_number) problems.push({ line, column: "email", key: "import.errors.emailTaken", values: { employee: owner } });
    if (teams.ambiguous.has(row.team.toLowerCase())) problems.push({ line, column: "team", key: "import.errors.teamAmbiguous", values: { team: row.team } });
    else if (!teams.byKey.has(row.team.toLowerCase())) problems.push({ line, column: "team", key: "import.errors.team", values: { team: row.team } });
    const manager = row.line_manager_employee_number;
    const managerHeldAs = manager && !inFile.has(manager) ? heldOtherwise.get(manager) : undefined;
    if (manager === row.employee_number) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.ownManager" });
    else if (managerHeldAs) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.heldOtherwise", values: { employee: manager!, held: managerHeldAs.join(", ") } });
    else if (manager && !inFile.has(manager) && !managersHeld.has(manager)) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.manager", values: { manager } });
    if (row.qualification_date && row.qualification_date > today) problems.push({ line, column: "qualification_date", key: "import.errors.future" });
    if (row.registration_number && !row.registration_expiry) problems.push({ line, column: "registration_expiry", key: "import.errors.expiryNeeded" });
    if (row.registration_expiry && !row.registration_number) problems.push({ line, column: "registration_number", key: "import.errors.numberNeeded" });
  }
  problems.push(...managementLoops(rows, await heldLinesAbove(executor, managerNumbers, inFile)));
  return { problems, teams: teams.byKey };
}

/**
 * The line managers already held above people the file names as managers but does not list, climbing until
 * the line reaches the top or someone the file lists (whose manager the file sets). A file that lists
 * everyone, as an HR extract does, reads nothing here.
 */
async function heldLinesAbove(executor: Executor, employeeNumbers: string[], inFile: Set<string>) {
  const managerOf = new Map<string, string | undefined>();
  let frontier = employeeNumbers.filter((n) => !inFile.has(n));
  while (frontier.length > 0) {
    const next = new Set<string>();
    for (const batch of chunks(frontier)) {
      const held = await executor
        .selectFrom("people as p")
        .leftJoin("people as m", "m.id", "p.line_manager_id")
        .select(["p.employee_number", "m.employee_number as manager"])
        .where("p.employee_number", "in", batch)
        .execute();
      for (const { employee_number, manager } of held) {
        managerOf.set(employee_number, manager ?? undefined);
        if (manager && !inFile.has(manager) && !managerOf.has(manager)) next.add(manager);
      }
    }
    frontier = [...next];
  }
  return managerOf;
}

/**
 * A chain of line managers that comes back to where it started would hide people from every manager. The
 * chain follows the file's managers, and above someone the file does not list, the managers held already.
 */
function managementLoops(rows: ParsedRow[], heldManagerOf: Map<string, string | undefined>): Problem[] {
  const fileManagerOf = new Map<string, string | undefined>();
  for (const { row } of rows) fileManagerOf.set(row.employee_number, row.line_manager_employee_number);
  const managerOf = (employee: string) => (fileManagerOf.has(employee) ? fileManagerOf.get(employee) : heldManagerOf.get(employee));
  const problems: Problem[] = [];
  for (const { line, row } of rows) {
    // Managing yourself is reported on its own.
    if (row.line_manager_employee_number === row.employee_number) continue;
    const seen = new Set<string>([row.employee_number]);
    let throughHeld = false;
    for (let current = managerOf(row.employee_number); current; current = managerOf(current)) {
      if (seen.has(current)) {
        problems.push({ line, column: "line_manager_employee_number", key: throughHeld ? "import.errors.loopThroughHeld" : "import.errors.loop" });
        break;
      }
      seen.add(current);
      throughHeld ||= !fileManagerOf.has(current);
    }
  }
  return problems;
}

const COMPARED: (keyof NewPerson)[] = [
  "given_name", "family_name", "email", "job_title", "role_category", "team_id", "fte", "employment_start",
  "qualification_date", "registration_number", "registration_expiry", "line_manager_id",
];

/**
 * Gives new people their line managers, 500 to a statement: a first import of a whole workforce set them
 * one statement a person, 62,579 round trips on PostgreSQL.
 */
async function setLineManagers(trx: Executor, managers: [personId: number, managerId: number][]) {
  for (const batch of chunks(managers, 500)) {
    const pairs = sql.join(batch.map(([personId, managerId]) => sql`(cast(${personId} as integer), cast(${managerId} as integer))`));
    await sql`update people set line_manager_id = v.column2 from (values ${pairs}) as v where people.id = v.column1`.execute(trx);
  }
}

/** A row of the file as the people table holds it. */
function staffValues(row: StaffRow, teams: Map<string, number>) {
  return {
    employee_number: row.employee_number,
    given_name: row.given_name,
    family_name: row.family_name,
    email: row.email.toLowerCase(),
    job_title: row.job_title,
    role_category: row.role_category,
    team_id: teams.get(row.team.toLowerCase())!,
    fte: row.fte,
    employment_start: row.employment_start,
    qualification_date: row.qualification_date ?? null,
    registration_number: row.registration_number ?? null,
    registration_expiry: row.registration_expiry ?? null,
    search_text: personSearchText(row),
  };
}

type HeldPersonChange = { id: number; line_manager_id: number | null } & ReturnType<typeof staffValues>;

/**
 * Writes the changed people held already, 500 to a statement: a file that changes thousands of people (a
 * restructure) wrote each with its own UPDATE. The file cannot move an email from one person to another
 * (checkAgainstData refuses an email someone else holds), so no row's new values collide with another's.
 */
async function updatePeople(trx: Executor, changes: HeldPersonChange[], now: string) {
  for (const batch of chunks(changes, 500)) {
    const rows = sql.join(
      batch.map(
        (p) =>
          sql`(cast(${p.id} as integer), cast(${p.given_name} as text), cast(${p.family_name} as text), cast(${p.email} as text), cast(${p.job_title} as text), cast(${p.role_category} as text), cast(${p.team_id} as integer), cast(${p.fte} as real), cast(${p.employment_start} as text), cast(${p.qualification_date} as text), cast(${p.registration_number} as text), cast(${p.registration_expiry} as text), cast(${p.search_text} as text), cast(${p.line_manager_id} as integer))`,
      ),
    );
    await sql`update people set given_name = v.column2, family_name = v.column3, email = v.column4, job_title = v.column5, role_category = v.column6,
      team_id = v.column7, fte = v.column8, employment_start = v.column9, qualification_date = v.column10, registration_number = v.column11,
      registration_expiry = v.column12, search_text = v.column13, line_manager_id = v.column14, updated_at = ${now}
      from (values ${rows}) as v where people.id = v.column1`.execute(trx);
  }
}

/** The file as uploaded (bytes), or as text a caller read as UTF-8. */
export async function importStaff(csv: string | Uint8Array, actor: Actor, report?: ProgressReporter): Promise<ImportOutcome> {
  const file = readCsvFile(csv, { required: IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c)), optional: [...OPTIONAL_COLUMNS] });
  if (!file.ok) return { ok: false, problems: file.problems.map(csvFileProblem), rows: 0 };
  const { rows, problems } = checkRows(file.records, report);
  const executor = db();
  const cross = await checkAgainstData(executor, rows);
  const allProblems = [...problems, ...cross.problems].sort((a, b) => a.line - b.line);
  if (allProblems.length > 0) return { ok: false, problems: allProblems, rows: file.records.length };
  return apply(rows, cross.teams, actor, report);
}

async function apply(rows: ParsedRow[], teams: Map<string, number>, actor: Actor, report?: ProgressReporter): Promise<ImportOutcome> {
  const now = new Date().toISOString();
  return db().transaction().execute(async (trx) => {
    // An import of the same people in another process waits here, then finds them already held.
    await holdTransactionLock(trx, "staff-import");
    const existing = await existingPeople(trx, rows.map((r) => r.row.employee_number));
    // New people first, without managers, so a manager later in the file already has an id.
    const fresh = rows.filter((r) => !existing.has(r.row.employee_number));
    const ids = new Map<string, number>([...existing].map(([k, v]) => [k, v.id]));
    let done = 0;
    for (const batch of chunks(fresh, 400)) {
      const inserted = await trx
        .insertInto("people")
        .values(batch.map((r) => ({ ...staffValues(r.row, teams), line_manager_id: null, employment_status: "active", created_at: now, updated_at: now })))
        .returning(["id", "employee_number"])
        .execute();
      for (const p of inserted) ids.set(p.employee_number, p.id);
      done += batch.length;
      report?.("applying", done, rows.length);
    }
    const managerIds = await resolveManagers(trx, rows, ids);

    const audits = [];
    const newManagers: [number, number][] = [];
    const changedPeople: HeldPersonChange[] = [];
    let created = 0;
    let updated = 0;
    for (const { row } of rows) {
      const id = ids.get(row.employee_number)!;
      const next = { ...staffValues(row, teams), line_manager_id: managerIds.get(row.employee_number) ?? null };
      const before = existing.get(row.employee_number);
      if (!before) {
        if (next.line_manager_id !== null) newManagers.push([id, next.line_manager_id]);
        audits.push({ action: "person.created", subjectType: "person", subjectId: id, personId: id, after: next });
        created += 1;
        continue;
      }
      const changed = COMPARED.filter((k) => (before as Record<string, unknown>)[k] !== (next as Record<string, unknown>)[k]);
      if (changed.length === 0) continue;
      changedPeople.push({ id, ...next });
      audits.push({
        action: "person.updated",
        subjectType: "person",
        subjectId: id,
        personId: id,
        before: Object.fromEntries(changed.map((k) => [k, (before as Record<string, unknown>)[k]])),
        after: Object.fromEntries(changed.map((k) => [k, (next as Record<string, unknown>)[k]])),
      });
      updated += 1;
    }
    // Before any person's row: the requests a stage given below may close, in the order a panel's decision locks them.
    await lockRequestsAStageMaySettle(trx);
    await setLineManagers(trx, newManagers);
    await updatePeople(trx, changedPeople, now);
    // After the update, so someone whose new role names a stage starts there in this import, not the next.
    const { assigned: staged, closedRequests } = await assignStagesFromRoles(trx, [...ids.values()]);
    audits.push(...staged.map(stageAssignedEvent), ...closedRequests.map(requestClosedEvent));
    await recordAudit(actor, audits, trx);
    if (created + updated + staged.length > 0) {
      await recordAudit(actor, { action: "staff_import.applied", subjectType: "staff_import", subjectId: now, after: { rows: rows.length, created, updated, stagesAssigned: staged.length, requestsClosed: closedRequests.length } }, trx);
    }
    report?.("applying", rows.length, rows.length);
    return { ok: true as const, rows: rows.length, created, updated, unchanged: rows.length - created - updated };
  });
}

const stageAssignedEvent = ({ personId, stageCode }: AssignedStage) => ({
  action: "career_stage.assigned",
  subjectType: "person",
  subjectId: personId,
  personId,
  before: { stage: null },
  after: { stage: stageCode, source: "import" },
});

// The same action as a request closed by a programme's move (moveToStage), so the trail reads them alike.
const requestClosedEvent = ({ id, personId, before, after }: ClosedRequest) => ({
  action: "progression.closed_by_move",
  subjectType: "progression_request",
  subjectId: id,
  personId,
  before,
  after,
});

async function resolveManagers(trx: Executor, rows: ParsedRow[], ids: Map<string, number>) {
  const wanted = [...new Set(rows.map((r) => r.row.line_manager_employee_number).filter((m): m is string => Boolean(m) && !ids.has(m!)))];
  for (const held of (await existingPeople(trx, wanted)).values()) ids.set(held.employee_number, held.id);
  const managerIds = new Map<string, number>();
  for (const { row } of rows) {
    if (row.line_manager_employee_number) managerIds.set(row.employee_number, ids.get(row.line_manager_employee_number)!);
  }
  return managerIds;
}
