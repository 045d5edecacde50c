// Every check of an HR staff file, each problem on its line: first each row's values alone, then the rows
// against each other and against what Pathways holds. The import runs the second again under its lock.
import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { Database, NewPerson } from "../../db/schema";
import type { CsvRecord } from "../utils/csv-records.server";
import { isIsoDate } from "../utils/dates";
import { londonToday } from "../utils/london-time";
import type { Problem } from "../utils/problems";
import { notOneLine, quotedFromFile, withoutControlCharacters } from "../utils/text";
import { ROLE_CATEGORIES } from "../utils/staff-fields";
import { chunks } from "./readiness.server";

export type ProgressReporter = (phase: "checking" | "applying", done: number, total: number) => void;

const isoDate = z.string().refine(isIsoDate, "import.errors.date");
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

// Stored in capitals, as every lookup by employee number reads what is typed (migration 0013). A line
// manager's number is held to the same shape: one no person could hold is named on its own line, not
// found missing (or worse, found in the file on a line refused for that same number) an upload later.
const employeeNumber = (text: z.ZodString) => text.max(20, "import.errors.employeeNumber").regex(/^[A-Za-z0-9-]+$/, "import.errors.employeeNumber").transform((v) => v.toUpperCase());

const rowSchema = z.object({
  employee_number: employeeNumber(z.string().min(1, "import.errors.required")),
  given_name: z.string().min(1, "import.errors.required").max(100, "import.errors.tooLong"),
  family_name: z.string().min(1, "import.errors.required").max(100, "import.errors.tooLong"),
  email: z.string().min(1, "import.errors.required").max(254, "import.errors.email").email("import.errors.email"),
  job_title: z.string().min(1, "import.errors.required").max(120, "import.errors.tooLong"),
  role_category: z.enum(ROLE_CATEGORIES, { errorMap: () => ({ message: "import.errors.roleCategory" }) }),
  team: z.string().min(1, "import.errors.required"),
  line_manager_employee_number: optional(employeeNumber(z.string())),
  fte: z.string().min(1, "import.errors.required").regex(/^\d+(\.\d+)?$/, "import.errors.fte").transform(Number).refine((n) => n > 0 && n <= 1, "import.errors.fte"),
  employment_start: isoDate,
  qualification_date: optional(isoDate),
  registration_number: optional(z.string().regex(/^SW\d{1,7}$/i, "import.errors.registrationNumber").transform((v) => v.toUpperCase())),
  registration_expiry: optional(isoDate),
});
export type StaffRow = z.infer<typeof rowSchema>;

/**
 * A line as the checks across rows read it, whatever else is wrong on it: its values that passed their own
 * checks (any other is undefined, and named in `refused`), and its employee number and line manager's as
 * written, in capitals, so a manager on a line with problems of its own is still in the file.
 */
export interface CheckedLine {
  line: number;
  row: Partial<StaffRow>;
  refused: ReadonlySet<string>;
  employee: string;
  manager: string;
}

/** A line whose every value passed its own checks: the import applies these. */
export interface ParsedRow extends CheckedLine {
  row: StaffRow;
}

const NONE_REFUSED: ReadonlySet<string> = new Set();

const parsedRow = (line: number, row: StaffRow): ParsedRow => ({ line, row, refused: NONE_REFUSED, employee: row.employee_number, manager: row.line_manager_employee_number ?? "" });

type Executor = Kysely<Database>;

export async function existingPeople(executor: Executor, employeeNumbers: string[]) {
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

/**
 * A record's values without control characters, as every import reads them, trimmed again for a value that
 * ended in one. Few values hold any: the rest are taken as read.
 */
function cleanValues(values: Record<string, string>) {
  let clean = values;
  for (const column of Object.keys(values)) {
    const cleaned = withoutControlCharacters(values[column]);
    if (cleaned === values[column]) continue;
    if (clean === values) clean = { ...values };
    clean[column] = cleaned.trim();
  }
  return clean;
}

/**
 * Every value of a staff line sits on one line, but a quoted cell may hold a line break (or a tab), which a
 * name, a job title or a team would keep on every page and CSV that shows it. Refused, naming the column,
 * rather than removed, which would run two words together: the person fixes it in their file. Line breaks
 * and spaces around a value are trimmed as the file is read.
 */
function oneLineProblems(line: number, values: Record<string, string>): Problem[] {
  return Object.keys(values).flatMap((column) => {
    const why = notOneLine(values[column]);
    return why ? [{ line, column, key: `import.errors.${why}`, values: { column } }] : [];
  });
}

/**
 * The values of a line that passed their own checks, each read alone: the checks across rows judge them
 * too, so one upload names every problem on the line. Only lines with a problem are read twice.
 */
function passedValues(values: Record<string, string>, refused: ReadonlySet<string>) {
  const row: Partial<Record<keyof StaffRow, unknown>> = {};
  for (const [column, schema] of Object.entries(rowSchema.shape) as [keyof StaffRow, z.ZodTypeAny][]) {
    if (refused.has(column)) continue;
    const result = schema.safeParse(values[column]);
    if (result.success) row[column] = result.data;
  }
  return row as Partial<StaffRow>;
}

/** Checks that don't depend on other rows: each field's shape. Every line is kept for the checks across rows. */
export function checkRows(records: CsvRecord[], report: ProgressReporter | undefined) {
  const problems: Problem[] = [];
  const rows: ParsedRow[] = [];
  const lines: CheckedLine[] = [];
  records.forEach(({ line, values }, index) => {
    // Read as the file holds them: removing control characters first would join the words on either side
    // of a vertical tab, form feed or next line.
    const notOnOneLine = oneLineProblems(line, values);
    const clean = cleanValues(values);
    problems.push(...notOnOneLine);
    const result = rowSchema.safeParse(clean);
    if (result.success && notOnOneLine.length === 0) {
      const parsed = parsedRow(line, result.data);
      rows.push(parsed);
      lines.push(parsed);
    } else {
      const lineBroken = new Set(notOnOneLine.map((p) => p.column!));
      const refused = new Set(lineBroken);
      for (const issue of result.success ? [] : result.error.issues) {
        const column = String(issue.path[0] ?? "");
        refused.add(column);
        // A column refused for its line break is not also said to be the wrong shape.
        if (lineBroken.has(column)) continue;
        const values: Record<string, string | number> = { column };
        if (issue.code === "too_big") values.max = Number(issue.maximum);
        problems.push({ line, column, key: issue.message.startsWith("import.") ? issue.message : "import.errors.required", values });
      }
      const written = (column: string) => (clean[column] ?? "").toUpperCase();
      lines.push({ line, row: passedValues(clean, refused), refused, employee: written("employee_number"), manager: written("line_manager_employee_number") });
    }
    if (index % 1000 === 0) report?.("checking", index, records.length);
  });
  return { rows, lines, problems };
}

/**
 * Who signs in with each of these emails, by employee number. Sign-in looks an account up by its own email,
 * which imports before the account's email followed the person's may have left on an address HR has since
 * given someone else: the file must not give it to another person while that account signs in with it.
 */
async function signInEmailHolders(executor: Executor, emails: string[]) {
  const holders = new Map<string, string>();
  for (const batch of chunks(emails)) {
    const rows = await executor.selectFrom("users").innerJoin("people", "people.id", "users.person_id").select(["users.email", "people.employee_number"]).where("users.email", "in", batch).execute();
    for (const r of rows) holders.set(r.email, r.employee_number);
  }
  return holders;
}

/**
 * Checks across rows and against what we hold: duplicates, teams, managers, dates that must agree. Every
 * line is read, each check judging only the values that passed their own: a line with a problem still
 * holds the number and email a later line repeats, and the manager another line names.
 */
export async function checkAgainstData(executor: Executor, lines: CheckedLine[]) {
  const problems: Problem[] = [];
  const teams = await teamLookup(executor);
  const firstLineOf = new Map<string, number>();
  const emailLine = new Map<string, number>();
  const inFile = new Set(lines.map((l) => l.employee).filter(Boolean));
  const emails = lines.flatMap((l) => (l.row.email ? [l.row.email.toLowerCase()] : []));
  const emailOwners = new Map<string, string>();
  for (const batch of chunks(emails)) {
    const owners = await executor.selectFrom("people").select(["email", "employee_number"]).where("email", "in", batch).execute();
    for (const o of owners) emailOwners.set(o.email, o.employee_number);
  }
  const signInHolders = await signInEmailHolders(executor, emails);
  const managerNumbers = [...new Set(lines.map((l) => l.row.line_manager_employee_number).filter((m): m is string => Boolean(m) && !inFile.has(m!)))];
  const managersHeld = await existingPeople(executor, managerNumbers);
  const heldOtherwise = await heldOnlyInOtherCases(executor);
  const today = londonToday();

  for (const { line, row, refused, employee } of lines) {
    if (row.employee_number) {
      const previous = firstLineOf.get(row.employee_number);
      if (previous) problems.push({ line, column: "employee_number", key: "import.errors.duplicateEmployee", values: { line: previous } });
      else firstLineOf.set(row.employee_number, line);
      const heldAs = heldOtherwise.get(row.employee_number);
      if (heldAs) problems.push({ line, column: "employee_number", key: "import.errors.heldOtherwise", values: { employee: row.employee_number, held: heldAs.join(", ") } });
    }
    if (row.email) {
      const email = row.email.toLowerCase();
      const emailPrevious = emailLine.get(email);
      if (emailPrevious) problems.push({ line, column: "email", key: "import.errors.duplicateEmail", values: { line: emailPrevious } });
      else emailLine.set(email, line);
      const owner = emailOwners.get(email);
      if (owner && owner !== employee) problems.push({ line, column: "email", key: "import.errors.emailTaken", values: { employee: owner } });
      // Said once when the person holding the address is the one whose account signs in with it.
      const signsInWithIt = signInHolders.get(email);
      if (signsInWithIt && signsInWithIt !== employee && signsInWithIt !== owner) problems.push({ line, column: "email", key: "import.errors.emailSignsIn", values: { employee: signsInWithIt } });
    }
    // The team is the one value quoted back whose length nothing limits.
    if (row.team && teams.ambiguous.has(row.team.toLowerCase())) problems.push({ line, column: "team", key: "import.errors.teamAmbiguous", values: { team: quotedFromFile(row.team) } });
    else if (row.team && !teams.byKey.has(row.team.toLowerCase())) problems.push({ line, column: "team", key: "import.errors.team", values: { team: quotedFromFile(row.team) } });
    const manager = row.line_manager_employee_number;
    const managerHeldAs = manager && !inFile.has(manager) ? heldOtherwise.get(manager) : undefined;
    if (manager && manager === employee) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.ownManager" });
    else if (managerHeldAs) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.heldOtherwise", values: { employee: manager!, held: managerHeldAs.join(", ") } });
    else if (manager && !inFile.has(manager) && !managersHeld.has(manager)) problems.push({ line, column: "line_manager_employee_number", key: "import.errors.manager", values: { manager } });
    if (row.qualification_date && row.qualification_date > today) problems.push({ line, column: "qualification_date", key: "import.errors.future" });
    // A value refused for its shape is there: it is not also said to be missing.
    const given = (column: keyof StaffRow) => Boolean(row[column]) || refused.has(column);
    if (row.registration_number && !given("registration_expiry")) problems.push({ line, column: "registration_expiry", key: "import.errors.expiryNeeded" });
    if (row.registration_expiry && !given("registration_number")) problems.push({ line, column: "registration_number", key: "import.errors.numberNeeded" });
  }
  problems.push(...managementLoops(lines, await heldLinesAbove(executor, managerNumbers, inFile)));
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
function managementLoops(lines: CheckedLine[], heldManagerOf: Map<string, string | undefined>): Problem[] {
  const fileManagerOf = new Map<string, string | undefined>();
  for (const { employee, manager } of lines) if (employee) fileManagerOf.set(employee, manager || undefined);
  const managerOf = (employee: string) => (fileManagerOf.has(employee) ? fileManagerOf.get(employee) : heldManagerOf.get(employee));
  const problems: Problem[] = [];
  for (const { line, row, employee } of lines) {
    // Managing yourself is reported on its own, as is a manager's number refused for its shape.
    if (!employee || !row.line_manager_employee_number || row.line_manager_employee_number === employee) continue;
    const seen = new Set<string>([employee]);
    let throughHeld = false;
    for (let current = managerOf(employee); current; current = managerOf(current)) {
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
