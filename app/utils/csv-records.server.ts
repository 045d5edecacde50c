// An uploaded CSV file as records, each with the line it starts on, checked against the columns an import
// knows. Our own reader rather than a library's, because people fix files by line number: a value in
// quotes may span lines (CRLF, LF or a lone CR), and a broken quote is reported on the line it opens.
import { csvTextOf, type CsvTextProblem } from "./csv-text.server";
import { quotedFromFile } from "./text";

export interface CsvRecord {
  line: number;
  values: Record<string, string>;
}

export type CsvProblemReason = CsvTextProblem["reason"] | "malformed" | "columnCount" | "missingColumn" | "unknownColumn" | "duplicateColumn" | "empty";

export interface CsvProblem {
  line: number;
  column?: string;
  reason: CsvProblemReason;
  values?: Record<string, string | number>;
}

export interface CsvColumns {
  required: readonly string[];
  optional?: readonly string[];
  /** Columns the import does not know: refused (the default), or read past, as when a list of people carries their names for whoever reads it. */
  others?: "refuse" | "ignore";
  /** A line with fewer values than there are columns: refused (the default), or its last values read as blank, as when only some lines need an optional last column. */
  shortLines?: "refuse" | "blank";
}

export type CsvFile = { ok: true; records: CsvRecord[] } | { ok: false; problems: CsvProblem[] };

interface RawRecord {
  line: number;
  fields: string[];
}

/**
 * Reads the file, then checks, in this order, each failing alone: its encoding, that its first line reads
 * as CSV, its column names (each the import reads named once), the syntax of the rest, and that every
 * line has as many values as there are columns. Values are trimmed; blank lines are skipped.
 */
export function readCsvFile(input: string | Uint8Array, columns: CsvColumns): CsvFile {
  const text = csvTextOf(input);
  if (!text.ok) return { ok: false, problems: [text.problem] };
  const { records, problem } = tokenize(text.text);
  // A quote that never closes on the first line swallows the whole file: that, not every column, is missing.
  if (problem && records.length === 0) return { ok: false, problems: [problem] };
  const [header, ...rows] = records;
  const names = (header?.fields ?? []).map((c) => c.toLowerCase());
  const headerProblems = checkHeader(names, columns);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems };
  if (problem) return { ok: false, problems: [problem] };
  const countProblems = rows
    .filter((r) => r.fields.length > names.length || (r.fields.length < names.length && columns.shortLines !== "blank"))
    .map((r): CsvProblem => ({ line: r.line, reason: "columnCount", values: { found: r.fields.length, expected: names.length } }));
  if (countProblems.length > 0) return { ok: false, problems: countProblems };
  if (rows.length === 0) return { ok: false, problems: [{ line: 2, reason: "empty" }] };
  return { ok: true, records: rows.map((r) => ({ line: r.line, values: valuesOf(names, r.fields) })) };
}

function checkHeader(names: string[], columns: CsvColumns): CsvProblem[] {
  const known = [...columns.required, ...(columns.optional ?? [])];
  const problems: CsvProblem[] = [];
  for (const column of columns.required) {
    if (!names.includes(column)) problems.push({ line: 1, column, reason: "missingColumn", values: { column } });
  }
  for (const column of repeatedColumns(names, known)) problems.push({ line: 1, column, reason: "duplicateColumn", values: { column } });
  if (columns.others === "ignore") return problems;
  for (const name of names) {
    if (!name || known.includes(name)) continue;
    // The name as the file has it may hold a line break, an invisible character or a whole line of text.
    const column = quotedFromFile(name);
    problems.push({ line: 1, column, reason: "unknownColumn", values: { column } });
  }
  return problems;
}

/** Columns the import reads that the first line names more than once: which value is meant is not ours to guess. */
function repeatedColumns(names: string[], known: readonly string[]): string[] {
  const repeated = names.filter((name, i) => known.includes(name) && names.indexOf(name) !== i);
  return [...new Set(repeated)];
}

function valuesOf(names: string[], fields: string[]): Record<string, string> {
  // A null prototype, so a column called __proto__ or constructor is only ever a column.
  const values: Record<string, string> = Object.create(null);
  names.forEach((name, i) => {
    if (name) values[name] = fields[i] ?? "";
  });
  return values;
}

const isBlank = (c: string | undefined) => c === " " || c === "\t";

/** Records as far as the text reads as CSV, and the first place it does not. */
function tokenize(text: string): { records: RawRecord[]; problem?: CsvProblem } {
  const records: RawRecord[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const record: RawRecord = { line, fields: [] };
    for (;;) {
      let start = i;
      while (isBlank(text[start])) start += 1;
      if (text[start] === '"') {
        const quoted = readQuoted(text, start + 1, line);
        if ("problem" in quoted) return { records, problem: quoted.problem };
        record.fields.push(quoted.value.trim());
        line = quoted.line;
        i = quoted.end;
        while (isBlank(text[i])) i += 1;
      } else {
        let end = start;
        while (end < n && text[end] !== "," && text[end] !== "\n" && text[end] !== "\r") end += 1;
        record.fields.push(text.slice(start, end).trim());
        i = end;
      }
      if (i >= n) break;
      if (text[i] === ",") {
        i += 1;
        continue;
      }
      if (text[i] === "\r" || text[i] === "\n") {
        i += text[i] === "\r" && text[i + 1] === "\n" ? 2 : 1;
        line += 1;
        break;
      }
      // Only a quoted value gets here: something follows its closing quote.
      return { records, problem: { line, reason: "malformed" } };
    }
    const blank = record.fields.length === 1 && record.fields[0] === "";
    if (!blank) records.push(record);
  }
  return { records };
}

/** A quoted value from just after its opening quote: "" is a quote, and line breaks are kept. */
function readQuoted(text: string, from: number, openedOn: number): { value: string; end: number; line: number } | { problem: CsvProblem } {
  let value = "";
  let line = openedOn;
  let at = from;
  for (;;) {
    const quote = text.indexOf('"', at);
    if (quote === -1) return { problem: { line: openedOn, reason: "malformed" } };
    line += lineBreaks(text, at, quote);
    value += text.slice(at, quote);
    if (text[quote + 1] !== '"') return { value, end: quote + 1, line };
    value += '"';
    at = quote + 2;
  }
}

function lineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i += 1) {
    if (text[i] === "\n" || (text[i] === "\r" && text[i + 1] !== "\n")) count += 1;
  }
  return count;
}
