// The bulk operations the benchmark times, run in their own process (DATABASE_URL points at a scratch
// copy of the national dataset, so the pages are measured on the data as seeded):
//   node --import tsx scripts/lib/bench/operations.ts
// Prints one JSON object: each operation's seconds and what it did.
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { createCohort } from "../../../app/services/cohorts.server";
import { enrolMany } from "../../../app/services/enrol-many.server";
import { chunks, readinessFor } from "../../../app/services/readiness.server";
import { importStaff } from "../../../app/services/staff-import.server";
import { closeDb, db } from "../../../app/utils/db.server";
import { IMPORT_COLUMNS } from "../../../app/utils/staff-fields";
import { toCsv } from "../../../app/utils/csv.server";

async function timed<T>(work: () => Promise<T>) {
  const started = performance.now();
  const result = await work();
  return { seconds: Math.round((performance.now() - started) / 10) / 100, result };
}

/** The HR file as HR would send it: everyone, with one in twenty on a new job title. */
async function staffFile() {
  const rows = await db()
    .selectFrom("people as p")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .leftJoin("people as m", "m.id", "p.line_manager_id")
    .select(["p.employee_number", "p.given_name", "p.family_name", "p.email", "p.job_title", "p.role_category", "t.code as team", "m.employee_number as manager", "p.fte", "p.employment_start", "p.qualification_date", "p.registration_number", "p.registration_expiry"])
    .where("p.employment_status", "=", "active")
    .orderBy("p.id")
    .execute();
  const lines = rows.map((r, i) => [r.employee_number, r.given_name, r.family_name, r.email, i % 20 === 0 ? `${r.job_title} (acting)`.slice(0, 100) : r.job_title, r.role_category, r.team, r.manager ?? "", String(r.fte), r.employment_start, r.qualification_date ?? "", r.registration_number ?? "", r.registration_expiry ?? ""]);
  return { text: toCsv([...IMPORT_COLUMNS], lines), rows: rows.length };
}

async function staffImport() {
  const file = await staffFile();
  const { seconds, result } = await timed(() => importStaff(file.text, SYSTEM_ACTOR));
  if (!result.ok) throw new Error(`The staff import refused its own file: ${JSON.stringify(result.problems.slice(0, 3))}`);
  return { seconds, rows: file.rows, updated: result.updated };
}

async function bulkEnrolment(size: number) {
  const cohortId = await createCohort(
    { programmeId: "leadership", name: "Benchmark cohort", startsOn: "2027-01-11", endsOn: "2027-06-28", capacity: size, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2027-01-11", cadence: "fortnightly", count: 12, time: "09:30", durationMinutes: 180, location: null },
    SYSTEM_ACTOR,
  );
  const people = await db().selectFrom("people").select("id").where("employment_status", "=", "active").orderBy("id", "desc").limit(size).execute();
  const { seconds, result } = await timed(() => enrolMany(cohortId, people.map((p) => ({ personId: p.id, overrideReason: null })), SYSTEM_ACTOR));
  if (!result.ok) throw new Error("The bulk enrolment refused people already enrolled");
  return { seconds, people: people.length, enrolled: result.enrolled };
}

async function readinessRecomputation() {
  const ids = (await db().selectFrom("people").select("id").where("employment_status", "=", "active").execute()).map((p) => p.id);
  const { seconds } = await timed(async () => {
    let items = 0;
    for (const batch of chunks(ids, 2000)) for (const views of (await readinessFor(batch, "en-GB")).values()) items += views.length;
    return items;
  });
  return { seconds, people: ids.length };
}

const log = (line: string) => process.stderr.write(`${line}\n`);
log("  the staff import…");
const staff_import = await staffImport();
log(`  ${staff_import.rows} rows in ${staff_import.seconds} s; bulk enrolment of 500…`);
const bulk_enrolment = await bulkEnrolment(500);
log(`  ${bulk_enrolment.seconds} s; readiness for everyone…`);
const readiness = await readinessRecomputation();
const report = { staff_import, bulk_enrolment, readiness };
console.log(JSON.stringify(report));
await closeDb();
