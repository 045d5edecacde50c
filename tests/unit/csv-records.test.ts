import { describe, expect, it } from "vitest";
import { readCsvFile } from "../../app/utils/csv-records.server";

const columns = { required: ["employee_number"], optional: ["reason"] } as const;

describe("the CSV reader's choices for an import", () => {
  it("refuses columns it does not know, unless the import reads past them", () => {
    const file = "employee_number,name,reason\nE-1,Ann Smith,\n";
    expect(readCsvFile(file, columns)).toEqual({ ok: false, problems: [{ line: 1, column: "name", reason: "unknownColumn", values: { column: "name" } }] });
    const read = readCsvFile(file, { ...columns, others: "ignore" });
    expect(read.ok && read.records.map((r) => ({ ...r.values }))).toEqual([{ employee_number: "E-1", name: "Ann Smith", reason: "" }]);
  });

  it("still names a required column that is missing when it reads past others", () => {
    expect(readCsvFile("name\nAnn\n", { ...columns, others: "ignore" })).toEqual({ ok: false, problems: [{ line: 1, column: "employee_number", reason: "missingColumn", values: { column: "employee_number" } }] });
  });

  it("refuses a line that stops early, unless the import reads its last values as blank", () => {
    const file = "employee_number,reason\nE-1\nE-2,Acting up\n";
    expect(readCsvFile(file, columns)).toEqual({ ok: false, problems: [{ line: 2, reason: "columnCount", values: { found: 1, expected: 2 } }] });
    const read = readCsvFile(file, { ...columns, shortLines: "blank" });
    expect(read.ok && read.records.map((r) => [r.line, r.values.employee_number, r.values.reason])).toEqual([
      [2, "E-1", ""],
      [3, "E-2", "Acting up"],
    ]);
  });

  it("refuses a line with too many values either way", () => {
    expect(readCsvFile("employee_number,reason\nE-1,a,b\n", { ...columns, shortLines: "blank", others: "ignore" })).toEqual({
      ok: false,
      problems: [{ line: 2, reason: "columnCount", values: { found: 3, expected: 2 } }],
    });
  });
});
