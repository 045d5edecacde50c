// A person's data as a zip: the whole record as one JSON document, and each list in it as a CSV file a
// spreadsheet opens, so a subject access request can be answered in either form.
import { strToU8, zipSync, type Zippable } from "fflate";
import { toCsv } from "../utils/csv.server";

type Rows = Record<string, unknown>[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Every key any row has, in first-seen order, so no field is dropped when rows differ. */
function columnsOf(rows: Rows): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

function cell(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "true" : "false";
  return JSON.stringify(value);
}

export function rowsToCsv(rows: unknown[]): string {
  const records: Rows = rows.map((row) => (isRecord(row) ? row : { value: row }));
  const columns = columnsOf(records);
  return toCsv(columns, records.map((row) => columns.map((c) => cell(row[c]))));
}

/** A file name from a key: lower case letters, digits and hyphens only. */
const fileName = (key: string) => key.replace(/([a-z])([A-Z])/g, "$1-$2").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();

/**
 * The CSV files for a document: a list becomes a file with a row per item, a single record (the person,
 * the account) a one-row file, and a group of lists (each programme's records) a folder of files.
 */
export function csvFilesOf(document: Record<string, unknown>, folder = "csv/"): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [key, value] of Object.entries(document)) {
    const name = `${folder}${fileName(key)}`;
    if (Array.isArray(value)) files[`${name}.csv`] = rowsToCsv(value);
    else if (isRecord(value) && Object.values(value).every((v) => Array.isArray(v) || isRecord(v))) Object.assign(files, csvFilesOf(value, `${name}/`));
    else if (isRecord(value)) files[`${name}.csv`] = rowsToCsv([value]);
  }
  return files;
}

export function personalDataZip(document: Record<string, unknown>, readme: string): Uint8Array {
  // A byte order mark so spreadsheet programs and older Windows editors read the text as UTF-8: without
  // it Welsh letters and names such as "Siân" came out garbled.
  const withByteOrderMark = (text: string) => strToU8(`\uFEFF${text}`);
  const entries: Zippable = {
    "README.txt": withByteOrderMark(readme),
    "personal-data.json": strToU8(JSON.stringify(document, null, 2)),
  };
  for (const [path, text] of Object.entries(csvFilesOf(document))) entries[path] = withByteOrderMark(text);
  return zipSync(entries, { level: 6 });
}
