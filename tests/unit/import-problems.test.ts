// How a refused file's problems are cut short and counted: the first by line in full, every kind with
// every line it is on, runs of lines shortened, a line with the same problem twice counted once, and the
// kinds past the page's share named with their lines rather than dropped.
import { describe, expect, it } from "vitest";
import { KINDS_SHOWN, PROBLEMS_SHOWN, problemsReport } from "../../app/utils/import-problems.server";
import type { Problem } from "../../app/utils/problems";

describe("problemsReport", () => {
  it("keeps the first problems by line, however the checks listed them", () => {
    const problems: Problem[] = Array.from({ length: PROBLEMS_SHOWN + 50 }, (_, i) => ({ line: PROBLEMS_SHOWN + 51 - i, column: "fte", key: "import.errors.fte" }));
    const report = problemsReport(problems);
    expect(report.cutShort?.total).toBe(PROBLEMS_SHOWN + 50);
    expect(report.problems.map((p) => p.line)).toEqual(Array.from({ length: PROBLEMS_SHOWN }, (_, i) => i + 2));
    expect(report.cutShort?.kinds).toEqual([{ column: "fte", key: "import.errors.fte", values: undefined, firstLine: 2, lines: PROBLEMS_SHOWN + 50, lineNumbers: `2–${PROBLEMS_SHOWN + 51}`, sameWording: true }]);
  });

  it("answers a file with few problems as before: every one, in line order, and nothing more", () => {
    const report = problemsReport([{ line: 3, key: "import.errors.fte" }, { line: 2, key: "import.errors.date" }]);
    expect(report).toEqual({ problems: [{ line: 2, key: "import.errors.date" }, { line: 3, key: "import.errors.fte" }] });
  });

  it("writes runs of lines as their ends, counts a line once, and puts the commonest kind first", () => {
    const filler: Problem[] = Array.from({ length: PROBLEMS_SHOWN }, () => ({ line: 20, column: "fte", key: "import.errors.fte" }));
    const kinds = problemsReport([
      ...filler,
      { line: 9, column: "team", key: "import.errors.team", values: { team: "B" } },
      { line: 2, column: "team", key: "import.errors.team", values: { team: "A" } },
      { line: 3, column: "team", key: "import.errors.team", values: { team: "A" } },
      { line: 3, column: "team", key: "import.errors.team", values: { team: "A" } },
      { line: 4, column: "team", key: "import.errors.team", values: { team: "A" } },
      { line: 7, key: "import.errors.columnCount" },
    ]).cutShort!.kinds;
    expect(kinds.map((k) => [k.column, k.lines, k.lineNumbers, k.sameWording])).toEqual([
      ["team", 4, "2–4, 9", false],
      [undefined, 1, "7", true],
      ["fte", 1, "20", true],
    ]);
    expect(kinds[0].values).toEqual({ team: "A" });
  });

  it("names the lines of the kinds past the page's share together", () => {
    const problems: Problem[] = Array.from({ length: PROBLEMS_SHOWN + 3 }, (_, i) => ({ line: 1, column: `unknown-${i}`, key: "import.errors.unknownColumn" }));
    problems.push({ line: 5, column: `unknown-${PROBLEMS_SHOWN + 2}`, key: "import.errors.unknownColumn" });
    const { kinds, otherKinds } = problemsReport(problems).cutShort!;
    expect(kinds).toHaveLength(KINDS_SHOWN);
    expect(kinds[0]).toMatchObject({ column: `unknown-${PROBLEMS_SHOWN + 2}`, lines: 2 });
    expect(otherKinds).toEqual({ kinds: PROBLEMS_SHOWN + 3 - KINDS_SHOWN, lineNumbers: "1" });
  });
});
