// What a page shows of a refused upload. A file can be refused on every one of 20,000 lines, several times
// a line: a table row for each problem was megabytes of page (and of the page's data, sent twice) that no
// keyboard or screen reader could get through. So the page lists the first problems by line in full, and
// counts every problem by column and kind with the numbers of the lines it is on: every bad line is still
// on the page with its line number, in a few rows when a whole column is wrong the same way. Every import
// page that lists problems uses this, so all say the same.
import type { Problem } from "./problems";

/** How many problems a page lists in full: enough to see what is wrong, few enough to read through. */
export const PROBLEMS_SHOWN = 200;

/**
 * How many kinds a page lists one to a row. A column the file names wrongly is a kind of its own, so a
 * first line of thousands of unknown columns would otherwise be thousands of rows; the rest share one line.
 */
export const KINDS_SHOWN = 50;

/** One kind of problem in one column: as worded on the first line that has it, and every line that does. */
export interface ProblemKind {
  column?: string;
  key: string;
  values?: Problem["values"];
  firstLine: number;
  /** How many lines have it (a line with it twice counts once). */
  lines: number;
  /** Those lines' numbers, runs shortened: "2–20001, 20005". */
  lineNumbers: string;
  /** Whether every line has it in the same words (no line number or value of its own to name). */
  sameWording: boolean;
}

/**
 * The problems a page lists, in line order. When there are more than it lists, `cutShort` says how many
 * there are in all and counts every kind with its lines (the commonest first); a file with few problems
 * is answered as before, every problem and nothing more.
 */
export interface ProblemsReport {
  problems: Problem[];
  cutShort?: {
    total: number;
    kinds: ProblemKind[];
    /** The kinds past KINDS_SHOWN: how many, and the lines they are on. */
    otherKinds: { kinds: number; lineNumbers: string } | null;
  };
}

export function problemsReport(problems: Problem[]): ProblemsReport {
  const sorted = [...problems].sort((a, b) => a.line - b.line);
  if (sorted.length <= PROBLEMS_SHOWN) return { problems: sorted };
  const kinds = kindsOf(sorted);
  const others = kinds.slice(KINDS_SHOWN);
  return {
    problems: sorted.slice(0, PROBLEMS_SHOWN),
    cutShort: {
      total: sorted.length,
      kinds: kinds.slice(0, KINDS_SHOWN).map(({ lineList, wording: _wording, ...kind }) => ({ ...kind, lineNumbers: runsOf(lineList) })),
      otherKinds: others.length ? { kinds: others.length, lineNumbers: runsOf([...new Set(others.flatMap((k) => k.lineList))].sort((a, b) => a - b)) } : null,
    },
  };
}

type Gathered = Omit<ProblemKind, "lineNumbers"> & { lineList: number[]; wording: string };

/** Problems in line order, grouped by column and key, each group's lines in order once each. */
function kindsOf(sorted: Problem[]): Gathered[] {
  const kinds = new Map<string, Gathered>();
  for (const p of sorted) {
    const id = JSON.stringify([p.column ?? null, p.key]);
    const wording = JSON.stringify(p.values ?? {});
    const kind = kinds.get(id);
    if (!kind) {
      kinds.set(id, { column: p.column, key: p.key, values: p.values, firstLine: p.line, lines: 1, sameWording: true, lineList: [p.line], wording });
      continue;
    }
    if (p.line !== kind.lineList[kind.lineList.length - 1]) kind.lineList.push(p.line);
    kind.lines = kind.lineList.length;
    if (wording !== kind.wording) kind.sameWording = false;
  }
  return [...kinds.values()].sort((a, b) => b.lines - a.lines || a.firstLine - b.firstLine);
}

/** Line numbers in order, each run of consecutive lines written as its first and last: "2–5, 9". */
function runsOf(lines: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const start = lines[i];
    while (lines[i + 1] === lines[i] + 1) i += 1;
    runs.push(lines[i] === start ? String(start) : `${start}–${lines[i]}`);
  }
  return runs.join(", ");
}
