// A quoted cell may hold a line break, and a name, a job title or a team kept it on every page and CSV
// that shows them: the staff import refuses a line break or a tab in any value (its other control
// characters are removed, as every import's are), on the line the record starts on and naming its
// column, and changes nothing. A column name the
// import does not know is quoted back readably: trimmed, an unseen character shown by its code, a long
// name cut short.
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "../../app/routes/admin.people.import";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { importStaff } from "../../app/services/staff-import.server";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import type { Problem } from "../../app/utils/problems";
import { countRows, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { HEADER, managerNumber, staffCsv } from "../support/staff-csv";

beforeAll(seedDemo);

const worded = (problem: Problem) => ({ line: problem.line, "en-GB": fixedT("en-GB")(problem.key, problem.values), cy: fixedT("cy")(problem.key, problem.values) });

function upload(csv: string) {
  const form = new FormData();
  form.set("file", new File([csv], "staff.csv", { type: "text/csv" }));
  return requestAs("ld", "/admin/people/import", { method: "POST", body: form });
}

describe("a value of a staff line that is not on one line", () => {
  it("is refused on the line its record starts, naming the column, and nothing changes", async () => {
    const manager = await managerNumber();
    const csv = staffCsv([
      { employee: "OL-1", manager },
      { employee: "OL-2", manager, given: '"Ann\u0007\nMarie"' },
      { employee: "OL-3", manager, title: "Social\tWorker" },
      { employee: "OL-4", manager, team: "T-1\t-1" },
      { employee: "OL-5", manager, team: '"T-1\r\n-1"' },
      { employee: '"OL-\n6"', manager, family: "Six", email: "ol-6@council.example" },
      { employee: "OL-7", manager, family: "Jones\u2028Evans" },
      // Characters some programs break a line at, which removing as control characters would join up.
      { employee: "OL-8", manager, team: "T-1\u0085-1" },
      { employee: "OL-9", manager, title: "Social\u000BWorker" },
      { employee: "OL-10", manager, given: "Ann\u000CMarie" },
    ]);
    const people = await countRows("people");
    const events = await countRows("audit_events");

    const outcome = await importStaff(csv, SYSTEM_ACTOR);

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    // One problem for each: a team or an employee number with a line break is not also unknown or misshapen.
    expect(outcome.problems).toEqual([
      { line: 3, column: "given_name", key: "import.errors.lineBreak", values: { column: "given_name" } },
      { line: 5, column: "job_title", key: "import.errors.tab", values: { column: "job_title" } },
      { line: 6, column: "team", key: "import.errors.tab", values: { column: "team" } },
      { line: 7, column: "team", key: "import.errors.lineBreak", values: { column: "team" } },
      { line: 9, column: "employee_number", key: "import.errors.lineBreak", values: { column: "employee_number" } },
      { line: 11, column: "family_name", key: "import.errors.lineBreak", values: { column: "family_name" } },
      { line: 12, column: "team", key: "import.errors.lineBreak", values: { column: "team" } },
      { line: 13, column: "job_title", key: "import.errors.lineBreak", values: { column: "job_title" } },
      { line: 14, column: "given_name", key: "import.errors.lineBreak", values: { column: "given_name" } },
    ]);
    expect(worded(outcome.problems[0])).toEqual({
      line: 3,
      "en-GB": "The value for given_name has a line break in it: put it all on one line",
      cy: "Mae toriad llinell yn y gwerth ar gyfer given_name: rhowch y cyfan ar un llinell",
    });
    expect(worded(outcome.problems[1])).toEqual({
      line: 5,
      "en-GB": "The value for job_title has a tab in it: put a space in its place",
      cy: "Mae tab yn y gwerth ar gyfer job_title: rhowch fwlch yn ei le",
    });
    expect(await countRows("people")).toBe(people);
    expect(await countRows("audit_events")).toBe(events);
  });

  it("is refused by the page too, with nothing stored", async () => {
    const manager = await managerNumber();
    const people = await countRows("people");
    const outcome = await run(importRoute.action, await upload(staffCsv([{ employee: "OL-8", manager, title: '"Senior\nPractitioner"' }])));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ kind: "problems", rows: 1, problems: [{ line: 2, column: "job_title", key: "import.errors.lineBreak", values: { column: "job_title" } }] });
    expect(await countRows("people")).toBe(people);
  });

  it("keeps the spaces and line breaks around a value trimmed, as the file is read, and imports it", async () => {
    const manager = await managerNumber();
    const outcome = await importStaff(staffCsv([{ employee: "OL-9", manager, given: '"  Siân  "', family: '"\nJones\r\n"', title: " Social Worker " }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({ ok: true, created: 1 });
    const stored = await db().selectFrom("people").select(["given_name", "family_name", "job_title"]).where("employee_number", "=", "OL-9").executeTakeFirstOrThrow();
    expect(stored).toEqual({ given_name: "Siân", family_name: "Jones", job_title: "Social Worker" });
  });
});

describe("a team the staff import does not know", () => {
  it("is quoted back as a column name is: unseen characters by their code, a long name cut short", async () => {
    const manager = await managerNumber();
    const long = `Team ${"x".repeat(500)}`;
    const outcome = await importStaff(staffCsv([{ employee: "OL-10", manager, team: "T-1\u200b-1" }, { employee: "OL-11", manager, team: long }]), SYSTEM_ACTOR);
    expect(outcome).toMatchObject({
      ok: false,
      problems: [
        { line: 2, column: "team", key: "import.errors.team", values: { team: "T-1[U+200B]-1" } },
        { line: 3, column: "team", key: "import.errors.team", values: { team: `${long.slice(0, 60)}…` } },
      ],
    });
  });
});

describe("a column name the staff import does not know", () => {
  it("is quoted back trimmed, with unseen characters shown by their code and a long name cut short", async () => {
    const header = HEADER.replace("employee_number", "\u200Bemployee_number");
    const long = `comments_${"x".repeat(300)}`;
    const outcome = await importStaff(`${header}," Shoe\nSize ",${long},notes\u001b[31m\nE-1\n`, SYSTEM_ACTOR);

    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    const cut = `${long.slice(0, 60)}…`;
    expect(outcome.problems).toEqual([
      { line: 1, column: "employee_number", key: "import.errors.missingColumn", values: { column: "employee_number" } },
      { line: 1, column: "[U+200B]employee_number", key: "import.errors.unknownColumn", values: { column: "[U+200B]employee_number" } },
      { line: 1, column: "shoe[U+000A]size", key: "import.errors.unknownColumn", values: { column: "shoe[U+000A]size" } },
      { line: 1, column: cut, key: "import.errors.unknownColumn", values: { column: cut } },
      { line: 1, column: "notes[U+001B][31m", key: "import.errors.unknownColumn", values: { column: "notes[U+001B][31m" } },
    ]);
    expect(worded(outcome.problems[1])).toEqual({
      line: 1,
      "en-GB": "The column [U+200B]employee_number is not one Pathways knows",
      cy: "Nid yw'r golofn [U+200B]employee_number yn un y mae Pathways yn ei hadnabod",
    });
  });
});
