// Choosing many people for a cohort: from a CSV of employee numbers (every bad row reported with its
// line) or from a filter (previewed first). Either way the engine then enrols them all or none.
import type { Eligibility } from "../../plugins/sdk";
import { db } from "../utils/db.server";
import { OVERRIDE_REASON_MAX } from "../utils/cohort-form";
import { readCsvFile } from "../utils/csv-records.server";
import { csvFileProblem, type Problem } from "../utils/problems";
import { withoutControlCharacters } from "../utils/text";
import { peopleByEmployeeNumbers } from "./employee-numbers.server";
import type { BulkEntry } from "./enrol-many.server";
import { ACTIVE_STATUSES } from "./enrolment.server";
import { chunks } from "./readiness.server";


/** At most this many people in one file, as the page says. */
const MAX_BULK_ROWS = 2000;

type EligibilityCheck = (personIds: number[]) => Promise<Map<number, Eligibility>>;

async function activeOn(cohortId: number, personIds: number[]) {
  const active = new Set<number>();
  for (const ids of chunks(personIds)) {
    const rows = await db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", cohortId).where("status", "in", ACTIVE_STATUSES).where("person_id", "in", ids).execute();
    for (const r of rows) active.add(r.person_id);
  }
  return active;
}

/** A person a file's line names, with that line and the employee number as written there. */
export type BulkCsvEntry = BulkEntry & { line: number; employee: string };

/**
 * A file's lines checked: those with nothing wrong (`entries`, each with its line) and the problems of the
 * rest. A file refused as a whole (unreadable, too long) has one problem and no entries.
 */
export type BulkCsvLines = { entries: BulkCsvEntry[]; problems: Problem[] };

/**
 * Checks a CSV with an employee_number column and an optional reason column, read by the same reader as
 * every import (encodings, quotes across lines, each problem on its line); other columns, such as names
 * kept for whoever reads the file, are read past, and a line may stop after its employee number.
 */
export async function checkBulkCsv(cohortId: number, csv: string | Uint8Array, eligibility: EligibilityCheck, uploader: number | null): Promise<{ ok: true; entries: BulkCsvEntry[] } | { ok: false; problems: Problem[] }> {
  const { entries, problems } = await checkBulkCsvLines(cohortId, csv, eligibility, uploader);
  return problems.length ? { ok: false, problems } : { ok: true, entries };
}

/**
 * The check of `checkBulkCsv`, line by line, keeping the lines that passed even when others did not: a
 * programme adding its own rule about the people named (one place a person, say) names each on its line
 * from these, without reading the file again.
 */
export async function checkBulkCsvLines(cohortId: number, csv: string | Uint8Array, eligibility: EligibilityCheck, uploader: number | null): Promise<BulkCsvLines> {
  const file = readCsvFile(csv, { required: ["employee_number"], optional: ["reason"], others: "ignore", shortLines: "blank" });
  if (!file.ok) return { entries: [], problems: file.problems.map(csvFileProblem) };
  if (file.records.length > MAX_BULK_ROWS) return { entries: [], problems: [{ line: 1, key: "bulk.errors.tooMany", values: { max: MAX_BULK_ROWS } }] };
  const records = file.records.map(({ line, values }) => ({ line, employee: withoutControlCharacters(values.employee_number), reason: withoutControlCharacters(values.reason ?? "") }));
  // Written in any case: someone held as "old-3" (left so by migration 0013) is found by "OLD-3" too.
  const found = await peopleByEmployeeNumbers(db(), records.map((r) => r.employee));
  const ids = [...new Set([...found.values()].flatMap((f) => (f.person ? [f.person.id] : [])))];
  const [active, eligible] = await Promise.all([activeOn(cohortId, ids), ids.length ? eligibility(ids) : Promise.resolve(new Map<number, Eligibility>())]);
  const problems: Problem[] = [];
  const entries: BulkCsvEntry[] = [];
  const seen = new Map<number, number>();
  for (const { line, employee: number, reason } of records) {
    const { person, ambiguous } = found.get(number) ?? {};
    const personId = person?.id;
    if (!number) problems.push({ line, key: "bulk.errors.employeeRequired" });
    else if (ambiguous) problems.push({ line, key: "bulk.errors.ambiguousEmployee", values: { numbers: ambiguous.join(", ") } });
    else if (!personId) problems.push({ line, key: "bulk.errors.unknownEmployee", values: { employee: number } });
    else if (seen.has(personId)) problems.push({ line, key: "bulk.errors.duplicate", values: { line: seen.get(personId)! } });
    // Nobody places themselves: someone else decides about them, as for every place.
    else if (personId === uploader) problems.push({ line, key: "bulk.errors.own" });
    else if (active.has(personId)) problems.push({ line, key: "bulk.errors.already", values: { employee: number } });
    else if (!eligible.get(personId)?.eligible && !reason) problems.push({ line, key: "bulk.errors.reasonNeeded", values: { employee: number } });
    // Kept as written, so a reason is refused rather than cut short where nobody would see it.
    else if (reason.length > OVERRIDE_REASON_MAX) problems.push({ line, key: "bulk.errors.rowReasonTooLong", values: { employee: number, max: OVERRIDE_REASON_MAX } });
    else entries.push({ personId, overrideReason: eligible.get(personId)?.eligible ? null : reason, line, employee: number });
    if (personId && !seen.has(personId)) seen.set(personId, line);
  }
  return { entries, problems };
}

export interface BulkFilter {
  roleCategory?: string;
  localityId?: number;
  /** Leave out anyone who has ever held or asked for a place on this programme. */
  withoutProgramme: boolean;
}

/**
 * People matching the filter who have no current place on the cohort, in name order; never the person
 * choosing (`chooser`), whom someone else must place.
 */
export async function matchFilter(cohortId: number, programmeId: string, filter: BulkFilter, chooser: number | null) {
  let query = db()
    .selectFrom("people as p")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .select(["p.id", "p.given_name", "p.family_name", "p.employee_number", "p.job_title", "t.name as team_name"])
    .where("p.employment_status", "=", "active")
    .where("p.id", "not in", (qb) => qb.selectFrom("enrolments").select("person_id").where("cohort_id", "=", cohortId).where("status", "in", ACTIVE_STATUSES));
  if (chooser !== null) query = query.where("p.id", "!=", chooser);
  if (filter.roleCategory) query = query.where("p.role_category", "=", filter.roleCategory);
  if (filter.localityId) query = query.where("t.parent_id", "=", filter.localityId);
  if (filter.withoutProgramme) {
    query = query.where("p.id", "not in", (qb) =>
      qb.selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", programmeId).where("e.status", "in", ACTIVE_STATUSES),
    );
  }
  return query.orderBy("p.family_name").orderBy("p.given_name").orderBy("p.id").limit(2001).execute();
}

export async function localities() {
  return db().selectFrom("org_units").select(["id", "name"]).where("kind", "in", ["locality", "service"]).orderBy("name").execute();
}
