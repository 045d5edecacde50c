// One upload names every problem on every line: the checks across rows (repeated numbers and emails,
// managers, circles) read every line, not only those whose own values passed, so a line's problems are
// not found one upload at a time, and a manager listed on a line with problems of its own is not missing.
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "../../app/routes/admin.people.import";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { importStaff } from "../../app/services/staff-import.server";
import type { Problem } from "../../app/utils/problems";
import { countRows, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";
import { staffCsv, type StaffLine } from "../support/staff-csv";

beforeAll(seedDemo);

/** The problems of a refused file as "line column key", in line order, with nothing stored. */
async function refused(lines: StaffLine[]) {
  const people = await countRows("people");
  const events = await countRows("audit_events");
  const outcome = await importStaff(staffCsv(lines), SYSTEM_ACTOR);
  expect(await countRows("people")).toBe(people);
  expect(await countRows("audit_events")).toBe(events);
  if (outcome.ok) throw new Error("the file was applied");
  return outcome.problems;
}

const said = (problems: Problem[]) => problems.map((p) => `${p.line} ${p.column} ${p.key}`);

describe("a staff file with a line whose own values have problems", () => {
  it("names the lines that repeat its number and its email", async () => {
    const problems = await refused([
      { employee: "EL-1", fte: "1.5" },
      { employee: "EL-2", manager: "EL-1" },
      { employee: "EL-1", email: "el-1-again@council.example" },
      { employee: "EL-4", email: "el-1@council.example" },
    ]);
    expect(problems).toEqual([
      { line: 2, column: "fte", key: "import.errors.fte", values: { column: "fte" } },
      { line: 4, column: "employee_number", key: "import.errors.duplicateEmployee", values: { line: 2 } },
      { line: 5, column: "email", key: "import.errors.duplicateEmail", values: { line: 2 } },
    ]);
  });

  it("is the line manager it is in the file, not someone missing", async () => {
    const problems = await refused([{ employee: "EL-5", fte: "1.5" }, { employee: "EL-6", manager: "el-5" }]);
    expect(said(problems)).toEqual(["2 fte import.errors.fte"]);
  });

  it("names its other problems too: its team, an email someone holds, a circle of managers", async () => {
    const problems = await refused([
      { employee: "EL-11", fte: "0", team: "No Such Team", email: "practitioner@demo.test", manager: "EL-12" },
      { employee: "EL-12", start: "2020-02-30", manager: "EL-11" },
    ]);
    expect(said(problems)).toEqual([
      "2 fte import.errors.fte",
      "2 email import.errors.emailTaken",
      "2 team import.errors.team",
      "2 line_manager_employee_number import.errors.loop",
      "3 employment_start import.errors.date",
      "3 line_manager_employee_number import.errors.loop",
    ]);
  });

  it("is not also said to lack a value it has, when that value is the one refused", async () => {
    const problems = await refused([
      { employee: "EL-21", expiry: "2027-02-30" },
      { employee: "EL-22", registration: "12345" },
      { employee: "EL 23", email: "el-23@council.example", manager: "EL-21" },
      { employee: "EL-24", manager: "EL 23" },
    ]);
    expect(said(problems)).toEqual([
      "2 registration_expiry import.errors.date",
      "3 registration_number import.errors.registrationNumber",
      "4 employee_number import.errors.employeeNumber",
      "5 line_manager_employee_number import.errors.employeeNumber",
    ]);
  });

  it("names a line manager's number no one could hold in this upload, though a refused line holds it", async () => {
    const problems = await refused([
      { employee: "EL 25", email: "el-25@council.example" },
      { employee: "EL-26", manager: "EL 25" },
      { employee: "EL-27", manager: "EL-26" },
    ]);
    expect(problems).toEqual([
      { line: 2, column: "employee_number", key: "import.errors.employeeNumber", values: { column: "employee_number" } },
      { line: 3, column: "line_manager_employee_number", key: "import.errors.employeeNumber", values: { column: "line_manager_employee_number" } },
    ]);
  });

  it("is refused by the page with every line's problems at once", async () => {
    const form = new FormData();
    form.set("file", new File([staffCsv([{ employee: "EL-31", fte: "2" }, { employee: "EL-31", email: "el-31-again@council.example" }])], "staff.csv", { type: "text/csv" }));
    const outcome = await run(importRoute.action, await requestAs("ld", "/admin/people/import", { method: "POST", body: form }));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toMatchObject({
      kind: "problems",
      problems: [
        { line: 2, column: "fte", key: "import.errors.fte" },
        { line: 3, column: "employee_number", key: "import.errors.duplicateEmployee", values: { line: 2 } },
      ],
    });
  });
});
