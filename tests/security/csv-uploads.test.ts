// Hostile and awkward CSV files sent to every CSV upload (HR staff, ASYE weekly caseloads, and Level 5
// bulk enrolment and attendance) through the real server: formula cells, the encodings spreadsheets save in, values in quotes across lines, broken quotes,
// and a 100 MB upload streamed without a Content-Length. Every refusal is a translated message on the
// page, with a line number where the file has lines, and nothing is stored.
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import v8 from "node:v8";
import vm from "node:vm";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { createCohort, HOLDING_STATUSES } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { signInOverHttp, startServer, type RunningServer } from "../support/server";
import { staffCsv } from "../support/staff-csv";

const root = path.resolve(__dirname, "../..");
const localeFile = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), "utf8")) as Record<string, unknown>;
const COMMON = localeFile("app/locales/en-GB/common.json");
const CASELOAD = localeFile("plugins/asye/caseload/locales/en-GB.json");

function message(messages: Record<string, unknown>, key: string, values: Record<string, string | number> = {}): string {
  const text = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
  if (typeof text !== "string") throw new Error(`No message ${key}`);
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name]));
}

interface Importer {
  name: string;
  path: string;
  /** A file of `rows` good data lines (after the column names). */
  goodFile: (rows: number) => string;
  /** The column names, then data lines as given. */
  file: (lines: string[]) => string;
  /** A data line with one value replaced. */
  line: (value: string) => string;
  error: (reason: string, values?: Record<string, string | number>) => string;
  tooLarge: string;
  stored: () => Promise<number>;
  /** How many columns the file names. */
  columns: number;
  /** A good data line with a value in quotes across two lines. */
  spanning: () => string;
  /** Other fields the form sends with the file. */
  fields?: Record<string, string>;
}

let server: RunningServer;
let ld: string;
let manager: { employeeNumber: string; team: string };
let socialWorkers: string[];
const week = "2025-01-06";

const count = async (table: string) => Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db())).rows[0].n);

const STAFF: Importer = {
  name: "the HR staff import",
  path: "/admin/people/import",
  goodFile: (rows) => staffCsv(Array.from({ length: rows }, (_, i) => ({ employee: `GOOD-${i}`, team: manager.team, manager: manager.employeeNumber }))),
  file: (lines) => staffCsv([]) + lines.map((l) => `${l}\n`).join(""),
  line: (value) => `V-1,${value},Person,v1@council.example,Social Worker,social_worker,${manager.team},,1,2020-01-06,2019-07-01,SW900001,2027-11-30`,
  error: (reason, values) => message(COMMON, `import.errors.${reason}`, values),
  tooLarge: message(COMMON, "import.errors.tooLarge"),
  stored: () => count("people"),
  // A line break inside a staff value is refused (a name sits on one line); one around it is trimmed.
  spanning: () => STAFF.line('"\nAnn"'),
  columns: 13,
};

const CASELOADS: Importer = {
  name: "the ASYE caseload import",
  path: "/programmes/asye/caseload/import",
  goodFile: (rows) => ["employee_number,date,allocated_cases", ...socialWorkers.slice(0, rows).map((e, i) => `${e},${week},${10 + i}`)].join("\n") + "\n",
  file: (lines) => ["employee_number,date,allocated_cases", ...lines].join("\n") + "\n",
  line: (value) => `${socialWorkers[0]},${week},${value}`,
  error: (reason, values) => message(CASELOAD, `import.errors.${reason}`, values),
  tooLarge: message(CASELOAD, "import.tooLarge"),
  stored: () => count("asye_caseload_figures"),
  spanning: () => `${socialWorkers[1]},${week},"\n4"`,
  columns: 3,
};

let bulkCohort: number;
let bulkPeople: string[];
let register: { cohortId: number; learners: string[]; freeSession: number };
const takeBulkPeople = (n: number) => bulkPeople.splice(0, n);
const enrolmentsOn = async (cohortId: number) => Number((await db().selectFrom("enrolments").select((eb) => eb.fn.countAll().as("n")).where("cohort_id", "=", cohortId).executeTakeFirstOrThrow()).n);

// A reason on every line, so eligibility never decides whether a good file is taken.
const BULK: Importer = {
  name: "the Level 5 bulk enrolment",
  get path() {
    return `/programmes/leadership/cohorts/${bulkCohort}/bulk`;
  },
  goodFile: (rows) => ["employee_number,reason", ...takeBulkPeople(rows).map((e) => `${e},Stretch assignment`)].join("\n") + "\n",
  file: (lines) => ["employee_number,reason", ...lines].join("\n") + "\n",
  line: (value) => `${value},Stretch assignment`,
  error: (reason, values) => message(COMMON, `import.errors.${reason}`, values),
  tooLarge: message(COMMON, "bulk.errors.tooLarge"),
  stored: () => enrolmentsOn(bulkCohort),
  spanning: () => `${takeBulkPeople(1)[0]},"Stretch\nassignment"`,
  columns: 2,
  fields: { intent: "csv" },
};

const ATTENDANCE: Importer = {
  name: "the Level 5 attendance import",
  get path() {
    return `/programmes/leadership/cohorts/${register.cohortId}/attendance`;
  },
  goodFile: (rows) => ["employee_number,session,mark", ...register.learners.slice(0, rows).map((e) => `${e},${register.freeSession},present`)].join("\n") + "\n",
  file: (lines) => ["employee_number,session,mark", ...lines].join("\n") + "\n",
  line: (value) => `${register.learners[0]},${register.freeSession},${value}`,
  error: (reason, values) => message(COMMON, `import.errors.${reason}`, values),
  tooLarge: message(COMMON, "bulk.errors.tooLarge"),
  stored: () => count("attendance"),
  spanning: () => ATTENDANCE.line('"\npresent"'),
  columns: 3,
};

beforeAll(async () => {
  await seedDemo();
  server = await startServer();
  ld = await signInOverHttp(server.url, "ld@demo.test");
  const row = await db()
    .selectFrom("people as p")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .select(["p.employee_number", "t.code"])
    .where("p.email", "=", "manager@demo.test")
    .executeTakeFirstOrThrow();
  manager = { employeeNumber: row.employee_number, team: row.code };
  socialWorkers = (await db().selectFrom("people").select("employee_number").where("career_stage", "=", "social_worker").orderBy("id").limit(3).execute()).map((p) => p.employee_number);
  bulkCohort = await createCohort(
    { programmeId: "leadership", name: "Hostile uploads", startsOn: "2027-03-01", endsOn: "2027-12-01", capacity: 40, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: false },
    null,
    SYSTEM_ACTOR,
  );
  // Not the uploader, L&D: nobody enrols themselves, so their own row is refused.
  bulkPeople = (await db().selectFrom("people").select("employee_number").where("employment_status", "=", "active").where("id", "!=", await personIdOf("ld")).orderBy("id", "desc").limit(20).execute()).map((p) => p.employee_number);
  register = await cohortWithAFreeSession();
});
afterAll(() => server?.close());

/**
 * The demo's first Level 5 cohort: its learners, and a session none of them is marked for yet, moved to
 * yesterday: a register is kept only for a session held, and the demo marks every session held so far.
 */
async function cohortWithAFreeSession() {
  const cohort = await db().selectFrom("cohorts").select("id").where("name", "=", "Cohort 1").where("programme_id", "=", "leadership").executeTakeFirstOrThrow();
  const learners = await db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select("p.employee_number")
    .where("e.cohort_id", "=", cohort.id)
    .where("e.status", "in", [...HOLDING_STATUSES])
    .orderBy("p.id")
    .execute();
  const unmarked = await db()
    .selectFrom("cohort_sessions as s")
    .select(["s.id", "s.sequence"])
    .where("s.cohort_id", "=", cohort.id)
    .where((eb) => eb.not(eb.exists(eb.selectFrom("attendance as a").select("a.session_id").whereRef("a.session_id", "=", "s.id"))))
    .orderBy("s.sequence", "desc")
    .executeTakeFirstOrThrow();
  const yesterday = Date.now() - 86_400_000;
  await db().updateTable("cohort_sessions").set({ status: "scheduled", starts_at: new Date(yesterday).toISOString(), ends_at: new Date(yesterday + 3_600_000).toISOString() }).where("id", "=", unmarked.id).execute();
  return { cohortId: cohort.id, learners: learners.map((l) => l.employee_number), freeSession: unmarked.sequence };
}

/** The page's text with React's escapes undone, so messages can be found whole. */
function textOf(html: string) {
  return html.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
}

/** The problems table as [line, message] pairs. */
function problemsOn(html: string): [number, string][] {
  const body = /<tbody[\s\S]*?<\/tbody>/.exec(html)?.[0] ?? "";
  return [...body.matchAll(/<tr[\s\S]*?<\/tr>/g)].map((row) => {
    const cells = [...row[0].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => textOf(c[1].replace(/<[^>]+>/g, "")));
    return [Number(cells[0]), cells[cells.length - 1]];
  });
}

async function upload(importer: Importer, body: string | Uint8Array, cookie = ld) {
  const form = new FormData();
  for (const [name, value] of Object.entries(importer.fields ?? {})) form.set(name, value);
  form.set("file", new File([typeof body === "string" ? body : Buffer.from(body)], "upload.csv", { type: "text/csv" }));
  const response = await fetch(`${server.url}${importer.path}`, { method: "POST", body: form, headers: { Cookie: cookie, Origin: server.url }, redirect: "manual" });
  return { status: response.status, html: await response.text() };
}

/** Uploads and expects a refusal that stores nothing: answers the problems table. */
async function refused(importer: Importer, body: string | Uint8Array) {
  const before = await importer.stored();
  const { status, html } = await upload(importer, body);
  expect(status).toBe(400);
  expect(html).toContain('href="#file"');
  expect(await importer.stored()).toBe(before);
  return problemsOn(html);
}

function utf16le(text: string) {
  return Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, "utf16le")]);
}

/** The text with `é` written as Windows-1252 writes it (one byte, 0xE9), which is not UTF-8. */
function windows1252(text: string) {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}

describe.each([STAFF, CASELOADS, BULK, ATTENDANCE])("$name", (importer) => {
  it("accepts a file that starts with a UTF-8 byte order mark", async () => {
    const before = await importer.stored();
    const { status } = await upload(importer, `\uFEFF${importer.goodFile(2)}`);
    // Left in, the mark would make the first column's name unknown, and the file would be refused.
    expect(status).toBe(200);
    expect(await importer.stored()).toBe(before + 2);
  });

  it("names UTF-16 instead of reading it as garbled letters", async () => {
    expect(await refused(importer, utf16le(importer.goodFile(2)))).toEqual([[1, importer.error("utf16")]]);
  });

  it("names bytes that are not UTF-8 (a Windows-1252 file), with their line", async () => {
    const file = importer.file([importer.line("1"), importer === CASELOADS ? `${socialWorkers[1]},${week},3 caf\u00e9` : importer.line("Ren\u00e9e"), importer.line("2")]);
    expect(await refused(importer, windows1252(file))).toEqual([[3, importer.error("notUtf8")]]);
  });

  it("reads a value in quotes across lines as one value, and counts the lines after it", async () => {
    const problems = await refused(importer, importer.file([importer.spanning(), importer.line("")]));
    // The value spans lines 2 and 3 and is fine; the empty value is on line 4.
    expect([...new Set(problems.map(([line]) => line))]).toEqual([4]);
  });

  it("reports a quote that never closes on the line where it opens", async () => {
    const problems = await refused(importer, importer.file([importer.line("1"), importer.line('"unclosed'), importer.line("2"), importer.line("3")]));
    expect(problems).toEqual([[3, importer.error("malformed")]]);
  });

  it("reports text after a closing quote on its line, past a value across lines", async () => {
    const problems = await refused(importer, importer.file([importer.line('"two\nlines"'), importer.line('"quoted"then')]));
    expect(problems).toEqual([[4, importer.error("malformed")]]);
  });

  it("names a line with the wrong number of values", async () => {
    const tooMany = Array.from({ length: importer.columns + 1 }, () => "x").join(",");
    const problems = await refused(importer, importer.file([importer.line("1"), tooMany]));
    expect(problems).toEqual([[3, importer.error("columnCount", { found: importer.columns + 1, expected: importer.columns })]]);
  });

  it("refuses a file past 20 MB while it streams, with the limit beside the file field", async () => {
    const before = await importer.stored();
    const { status, html } = await streamUpload(importer.path, 21 * 1024 * 1024);
    expect(status).toBe(413);
    expect(html).toContain('href="#file"');
    expect(textOf(html)).toContain(importer.tooLarge);
    expect(await importer.stored()).toBe(before);
  });
});

// Both imports read their file through the same reader, so one of them carries the 100 MB upload.
it("refuses a 100 MB upload without a Content-Length, without holding it in memory", async () => {
  const before = await STAFF.stored();
  // Just past the limit first: the server may hold a whole file at the limit, and this grows the process
  // to that once, so the 100 MB upload measures only what a larger body adds.
  expect((await streamUpload(STAFF.path, 21 * 1024 * 1024)).status).toBe(413);
  const { status, html, rssGrowth, liveGrowth } = await streamUpload(STAFF.path, 100 * 1024 * 1024);
  expect(status).toBe(413);
  expect(textOf(html)).toContain(STAFF.tooLarge);
  // Holding the body would grow the process by at least its 100 MB (a build that did measured 228 MB).
  // Refusing it may hold what came before the 20 MB limit, and for a moment a copy of it while the
  // platform's parser joins the chunks: up to about 40 MB, which a busy CI run once sampled at 45.7 MB.
  expect(rssGrowth).toBeLessThan(60 * 1024 * 1024);
  expect(liveGrowth).toBeLessThan(60 * 1024 * 1024);
  expect(await STAFF.stored()).toBe(before);
});

it("refuses an upload whose Content-Length is over the limit, reading none of it", async () => {
  const bytes = new Uint8Array(21 * 1024 * 1024);
  const response = await fetch(`${server.url}${STAFF.path}`, {
    method: "POST",
    headers: { Cookie: ld, Origin: server.url, "Content-Type": "multipart/form-data; boundary=x", "Content-Length": String(bytes.byteLength) },
    body: bytes,
    redirect: "manual",
  });
  expect(response.status).toBe(413);
  expect(textOf(await response.text())).toContain(STAFF.tooLarge);
});

describe("formula cells", () => {
  const FORMULAS = ['"=HYPERLINK(""http://evil.example"",""click"")"', "+44 20 7946 0000", "-2+3", "@SUM(A1:A9)", '"\t=1+1"', '"\r=1+1"'];

  it("are refused in caseload figures, each on its own line", async () => {
    const lines = FORMULAS.flatMap((f) => [`${f},${week},1`, `${socialWorkers[0]},${f},1`, `${socialWorkers[0]},${week},${f}`]);
    const problems = await refused(CASELOADS, CASELOADS.file(lines));
    // A carriage return in quotes is a line break inside the value, so that row spans two lines.
    let line = 2;
    const starts = lines.map((l) => {
      const start = line;
      line += 1 + (l.match(/\r\n|\r|\n/g)?.length ?? 0);
      return start;
    });
    expect([...new Set(problems.map(([at]) => at))]).toEqual(starts);
  });

  it("are kept as typed in staff names (a line break before one trimmed), and escaped again when the team is exported", async () => {
    const lines = FORMULAS.map((f, i) => `F-${i},${f},"\n=cmd|' /C calc'!A0",f${i}@council.example,@Job,social_worker,${manager.team},${manager.employeeNumber},1,2020-01-06,2019-07-01,SW90000${i},2027-11-30`);
    const { status } = await upload(STAFF, STAFF.file(lines));
    expect(status).toBe(200);
    const stored = await db().selectFrom("people").select(["given_name", "family_name"]).where("employee_number", "=", "F-0").executeTakeFirstOrThrow();
    expect(stored).toEqual({ given_name: '=HYPERLINK("http://evil.example","click")', family_name: "=cmd|' /C calc'!A0" });

    const managerCookie = await signInOverHttp(server.url, "manager@demo.test");
    const response = await fetch(`${server.url}/team/export.csv?q=council.example`, { headers: { Cookie: managerCookie } });
    expect(response.status).toBe(200);
    // Read the export the way a spreadsheet does: every cell on its own.
    const cells: string[] = parse((await response.text()).replace(/^\uFEFF/, ""), { relax_column_count: true }).flat();
    expect(cells).toContain("'=HYPERLINK(\"http://evil.example\",\"click\")");
    expect(cells).toContain("'@Job");
    expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});

/**
 * POSTs a multipart body of `bytes` from a generator, chunk by chunk with no Content-Length, and
 * samples this process's memory (the server runs in it) until the answer has arrived. Garbage is
 * collected before each sample, so what is measured is what the server holds, not what it has dropped.
 */
async function streamUpload(route: string, bytes: number) {
  const boundary = "----pathways-huge-upload";
  const chunk = Buffer.alloc(64 * 1024, "E-1,2025-01-06,3\r\n");
  async function* body() {
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.csv"\r\nContent-Type: text/csv\r\n\r\nemployee_number,date,allocated_cases\r\n`);
    for (let sent = 0; sent < bytes; sent += chunk.length) yield chunk;
    yield Buffer.from(`\r\n--${boundary}--\r\n`);
  }
  // Resident memory, as the operating system sees it; and what is still in use after collection, which,
  // unlike resident memory, falls again, so it shows holding the body whatever ran before.
  const live = ({ heapUsed, arrayBuffers }: NodeJS.MemoryUsage) => heapUsed + arrayBuffers;
  collectGarbage();
  const baseline = process.memoryUsage();
  const peak = { rss: baseline.rss, live: live(baseline) };
  const sample = () => {
    collectGarbage();
    const now = process.memoryUsage();
    peak.rss = Math.max(peak.rss, now.rss);
    peak.live = Math.max(peak.live, live(now));
  };
  const sampler = setInterval(sample, 200);
  try {
    const response = await fetch(`${server.url}${route}`, {
      method: "POST",
      headers: { Cookie: ld, Origin: server.url, "Content-Type": `multipart/form-data; boundary=${boundary}` },
      // Node's fetch streams an async iterable body; the DOM types know only web streams.
      body: Readable.from(body()) as unknown as BodyInit,
      duplex: "half",
      redirect: "manual",
    } as RequestInit);
    const html = await response.text();
    sample();
    return { status: response.status, html, rssGrowth: peak.rss - baseline.rss, liveGrowth: peak.live - live(baseline) };
  } finally {
    clearInterval(sampler);
  }
}

v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;
