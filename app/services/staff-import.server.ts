// The HR staff import: check every row first, report every bad row with its line number, then apply
// all rows in one transaction or none, checked again against what Pathways holds under the import's lock.
// Applying the same file twice changes nothing the second time.
import { sql, type Kysely } from "kysely";
import type { Database, NewPerson } from "../../db/schema";
import { personSearchText } from "../../db/search-text";
import { readCsvFile } from "../utils/csv-records.server";
import { db } from "../utils/db.server";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { csvFileProblem, type Problem } from "../utils/problems";
import { recordAudit, type Actor } from "./audit.server";
import { assignStagesFromRoles, lockRequestsAStageMaySettle, type AssignedStage, type ClosedRequest } from "./career-stages.server";
import { IMPORT_COLUMNS } from "../utils/staff-fields";
import { chunks } from "./readiness.server";
import { checkAgainstData, checkRows, existingPeople, type ParsedRow, type ProgressReporter, type StaffRow } from "./staff-import-checks.server";

export type { ProgressReporter } from "./staff-import-checks.server";

const OPTIONAL_COLUMNS = new Set(["line_manager_employee_number", "qualification_date", "registration_number", "registration_expiry"]);

export type ImportOutcome =
  | { ok: false; problems: Problem[]; rows: number }
  | { ok: true; rows: number; created: number; updated: number; unchanged: number };

type Executor = Kysely<Database>;

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
 * (checkAgainstData, run again under the lock, refuses an email someone else holds), so no row's new values
 * collide with another's.
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

type SignInEmailChange = { userId: number; personId: number; before: string; after: string };

/**
 * The accounts of people whose email the file changes, with their email before and after. Sign-in looks an
 * account up by its own email, so one left behind kept signing in with an address HR had given up, and
 * could be given to someone else. Compared with the account's own email, which may already differ from the
 * person's (an import before accounts followed).
 */
async function signInEmailChanges(trx: Executor, newEmails: Map<number, string>): Promise<SignInEmailChange[]> {
  const changes: SignInEmailChange[] = [];
  for (const batch of chunks([...newEmails.keys()])) {
    const accounts = await trx.selectFrom("users").select(["id", "person_id", "email"]).where("person_id", "in", batch).execute();
    for (const a of accounts) {
      const after = newEmails.get(a.person_id)!;
      if (a.email !== after) changes.push({ userId: a.id, personId: a.person_id, before: a.email, after });
    }
  }
  return changes;
}

/**
 * Writes the accounts' new emails, 500 to a statement. No two collide, nor with an account left as it is:
 * checkAgainstData refuses an email that another person holds or signs in with.
 */
async function updateSignInEmails(trx: Executor, changes: SignInEmailChange[]) {
  for (const batch of chunks(changes, 500)) {
    const rows = sql.join(batch.map((c) => sql`(cast(${c.userId} as integer), cast(${c.after} as text))`));
    await sql`update users set email = v.column2 from (values ${rows}) as v where users.id = v.column1`.execute(trx);
  }
}

const signInEmailChangedEvent = ({ userId, personId, before, after }: SignInEmailChange) => ({
  action: "account.email_changed",
  subjectType: "user",
  subjectId: userId,
  personId,
  before: { email: before },
  after: { email: after, source: "import" },
});

/** The file as uploaded (bytes), or as text a caller read as UTF-8. */
export async function importStaff(csv: string | Uint8Array, actor: Actor, report?: ProgressReporter): Promise<ImportOutcome> {
  const file = readCsvFile(csv, { required: IMPORT_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c)), optional: [...OPTIONAL_COLUMNS] });
  if (!file.ok) return { ok: false, problems: file.problems.map(csvFileProblem), rows: 0 };
  const { rows, lines, problems } = checkRows(file.records, report);
  // Checked first without the lock, so a file with problems is answered without waiting for another import.
  // Every line, not only those whose own values passed: one upload names every problem on every line.
  const cross = await checkAgainstData(db(), lines);
  const allProblems = [...problems, ...cross.problems].sort((a, b) => a.line - b.line);
  if (allProblems.length > 0) return { ok: false, problems: allProblems, rows: file.records.length };
  return apply(rows, actor, report);
}

async function apply(rows: ParsedRow[], actor: Actor, report?: ProgressReporter): Promise<ImportOutcome> {
  const now = new Date().toISOString();
  return db().transaction().execute(async (trx): Promise<ImportOutcome> => {
    // Another import (the command line and the page, or two admins) waits here, then finds what it applied.
    await holdTransactionLock(trx, "staff-import");
    // Checked again under the lock: an import applied since the first check may hold an email this file
    // gives someone else, which would otherwise fail on the unique email rather than on the file's line.
    const { problems, teams } = await checkAgainstData(trx, rows);
    if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line), rows: rows.length };
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
    const newEmails = new Map<number, string>();
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
      if (changed.includes("email")) newEmails.set(id, next.email);
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
    const signInChanges = await signInEmailChanges(trx, newEmails);
    await updateSignInEmails(trx, signInChanges);
    audits.push(...signInChanges.map(signInEmailChangedEvent));
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
