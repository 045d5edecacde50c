// The CSV reader's first line and line numbers, and what every import that uses it says. A quote that never
// closes on the first line is that line's problem, not every column missing; a column the import reads
// named twice is refused on line 1 instead of its last value silently winning; and a line that is not
// UTF-8 is named by the line the reader counts, a lone CR (Excel's "CSV (Macintosh)") ending one too.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as staffImport from "../../app/routes/admin.people.import";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { createCohort } from "../../app/services/cohorts.server";
import { readCsvFile } from "../../app/utils/csv-records.server";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import type { Locale } from "../../app/utils/i18n";
import type { Problem } from "../../app/utils/problems";
import * as caseloadImport from "../../plugins/asye/routes/caseload.import";
import * as attendance from "../../plugins/leadership/routes/cohorts.$cohortId.attendance";
import * as bulk from "../../plugins/leadership/routes/cohorts.$cohortId.bulk";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { HEADER as STAFF_HEADER } from "../support/staff-csv";

const bytes = (...parts: (string | number)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : [p])));
const E_ACUTE_1252 = 0xe9;

describe("the CSV reader", () => {
  const columns = { required: ["employee_number", "team"], optional: ["reason"] };

  it("reports a quote that never closes on the first line as that line's problem, not as every column missing", () => {
    expect(readCsvFile('employee_number,"team\nE-1,T-1\n', columns)).toEqual({ ok: false, problems: [{ line: 1, reason: "malformed" }] });
    expect(readCsvFile('employee_number,"team"x\nE-1,T-1\n', columns)).toEqual({ ok: false, problems: [{ line: 1, reason: "malformed" }] });
  });

  it("refuses a column it reads named twice, in any capitals, on line 1", () => {
    expect(readCsvFile("employee_number,team,reason,Team\nE-1,T-1,,T-2\n", columns)).toEqual({
      ok: false,
      problems: [{ line: 1, column: "team", reason: "duplicateColumn", values: { column: "team" } }],
    });
    expect(readCsvFile("employee_number,team,team,team\nE-1,T-1,T-2,T-3\n", columns)).toEqual({
      ok: false,
      problems: [{ line: 1, column: "team", reason: "duplicateColumn", values: { column: "team" } }],
    });
  });

  it("still takes columns with no name, and columns it reads past, more than once", () => {
    const blanks = readCsvFile("employee_number,,team,\nE-1,,T-1,\n", columns);
    expect(blanks.ok && blanks.records.map((r) => ({ ...r.values }))).toEqual([{ employee_number: "E-1", team: "T-1" }]);
    const ignored = readCsvFile("employee_number,name,team,name\nE-1,Ann,T-1,Lee\n", { ...columns, others: "ignore" });
    expect(ignored.ok && ignored.records.map((r) => [r.values.employee_number, r.values.team])).toEqual([["E-1", "T-1"]]);
  });

  it("names the line that is not UTF-8 whether lines end in LF, CRLF or a lone CR", () => {
    for (const end of ["\n", "\r\n", "\r"]) {
      const file = bytes(`employee_number,team${end}E-1,T-1${end}E-2,T-1${end}E-3,Caf`, E_ACUTE_1252, `${end}E-4,T-1${end}`);
      expect(readCsvFile(file, columns), JSON.stringify(end)).toEqual({ ok: false, problems: [{ line: 4, reason: "notUtf8" }] });
    }
    // A value in quotes across a lone CR counts that line too, as the reader numbers records.
    const spanning = bytes('employee_number,team\rE-1,"T\r1"\rE-3,Caf', E_ACUTE_1252, "\r");
    expect(readCsvFile(spanning, columns)).toEqual({ ok: false, problems: [{ line: 4, reason: "notUtf8" }] });
  });
});

interface Upload {
  name: string;
  header: string;
  /** A good data line for the header. */
  line: () => string;
  send: (csv: string | Uint8Array) => Promise<{ status: number; data: unknown }>;
  stored: () => Promise<number>;
  /** How the page words a reader problem: the core's words, or the caseload's own. */
  messages: { duplicate: Record<Locale, string>; malformed: Record<Locale, string> };
}

let bulkCohort: number;
let attendanceCohort: number;
let employee: string;
const week = "2025-01-06";

const count = async (table: string, where = sql`1 = 1`) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} where ${where}`.execute(db())).rows[0].n);

function post(path: string, csv: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  form.set("file", new File([typeof csv === "string" ? csv : Buffer.from(csv)], "upload.csv", { type: "text/csv" }));
  return requestAs("ld", path, { method: "POST", body: form });
}

const CORE = {
  duplicate: (column: string) => ({
    "en-GB": `The column ${column} is named more than once on the first line: keep one`,
    cy: `Mae'r golofn ${column} wedi'i henwi fwy nag unwaith ar y llinell gyntaf: cadwch un`,
  }),
  malformed: {
    "en-GB": "This line cannot be read as CSV: check the quotation marks and the number of columns",
    cy: "Nid oes modd darllen y llinell hon fel CSV: gwiriwch y dyfynodau a nifer y colofnau",
  },
};

const UPLOADS: Upload[] = [
  {
    name: "the HR staff import",
    header: `${STAFF_HEADER},team`,
    line: () => `DUP-1,Ann,Lee,dup1@council.example,Social Worker,social_worker,T-1-1,,1,2024-01-01,,,,T-2-1`,
    send: async (csv) => run(staffImport.action, await post("/admin/people/import", csv)),
    stored: () => count("people"),
    messages: { duplicate: CORE.duplicate("team"), malformed: CORE.malformed },
  },
  {
    name: "the ASYE caseload import",
    header: "employee_number,date,allocated_cases,date",
    line: () => `${employee},${week},3,2025-01-13`,
    send: async (csv) => run(caseloadImport.action, await post("/programmes/asye/caseload/import", csv)),
    stored: () => count("asye_caseload_figures"),
    messages: {
      duplicate: { "en-GB": "The column date is named more than once: keep one", cy: "Mae'r golofn date wedi'i henwi fwy nag unwaith: cadwch un" },
      malformed: { "en-GB": "The file cannot be read as CSV from this line: check quotes and commas", cy: "Ni ellir darllen y ffeil fel CSV o'r llinell hon: gwiriwch y dyfynodau a'r atalnodau" },
    },
  },
  {
    name: "the Level 5 bulk enrolment",
    header: "employee_number,reason,reason",
    line: () => `${employee},Stretch assignment,Acting up`,
    send: async (csv) => run(bulk.action, await post(`/programmes/leadership/cohorts/${bulkCohort}/bulk`, csv, { intent: "csv" }), { cohortId: String(bulkCohort) }),
    stored: () => count("enrolments", sql`cohort_id = ${bulkCohort}`),
    messages: { duplicate: CORE.duplicate("reason"), malformed: CORE.malformed },
  },
  {
    name: "the Level 5 attendance import",
    header: "employee_number,session,mark,session",
    line: () => `${employee},1,present,2`,
    send: async (csv) => run(attendance.action, await post(`/programmes/leadership/cohorts/${attendanceCohort}/attendance`, csv), { cohortId: String(attendanceCohort) }),
    stored: () => count("attendance"),
    messages: { duplicate: CORE.duplicate("session"), malformed: CORE.malformed },
  },
];

beforeAll(async () => {
  await seedDemo();
  employee = (await db().selectFrom("people").select("employee_number").where("career_stage", "=", "social_worker").orderBy("id").executeTakeFirstOrThrow()).employee_number;
  bulkCohort = await createCohort(
    { programmeId: "leadership", name: "Header checks", startsOn: "2027-03-01", endsOn: "2027-12-01", capacity: 40, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: false },
    null,
    SYSTEM_ACTOR,
  );
  attendanceCohort = (await db().selectFrom("cohorts").select("id").where("name", "=", "Cohort 1").where("programme_id", "=", "leadership").executeTakeFirstOrThrow()).id;
});

/** Sends the file, expects it refused with nothing stored, and answers its problems. */
async function refused(upload: Upload, csv: string | Uint8Array): Promise<Problem[]> {
  const before = await upload.stored();
  const outcome = await upload.send(csv);
  expect(outcome.status).toBe(400);
  expect(await upload.stored()).toBe(before);
  return (outcome.data as { problems: Problem[] }).problems;
}

/** A problem as the page's problems table shows it, in each language. */
const worded = (problem: Problem) => ({ line: problem.line, "en-GB": fixedT("en-GB")(problem.key, problem.values), cy: fixedT("cy")(problem.key, problem.values) });

describe.each(UPLOADS)("$name", (upload) => {
  it("refuses a column named twice on line 1, in English and Welsh, and stores nothing", async () => {
    const problems = await refused(upload, `${upload.header}\n${upload.line()}\n`);
    expect(problems.map(worded)).toEqual([{ line: 1, ...upload.messages.duplicate }]);
  });

  it("reports a quote that never closes on the first line as line 1 unreadable, in English and Welsh", async () => {
    const [first, ...rest] = upload.header.split(",");
    const problems = await refused(upload, `${first},"${rest.join(",")}\n${upload.line()}\n`);
    expect(problems.map(worded)).toEqual([{ line: 1, ...upload.messages.malformed }]);
  });
});
