// A person's data as a zip: the whole record as one JSON document, and each list in it as a CSV file a
// spreadsheet opens, so a subject access request can be answered in either form. The zip is sent as it
// is made, so a list too long for memory is read and written a page at a time.
import { strToU8, Zip, ZipDeflate } from "fflate";
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

/**
 * A list too long to hold in memory: its rows come page by page into its own CSV file, and the document
 * says under `key` which file that is and how many rows it holds.
 */
export interface StreamedList {
  key: string;
  path: string;
  columns: string[];
  pages: AsyncIterable<Rows>;
}

/** A file of the zip as the text of its parts, which may come one at a time. */
interface ZipEntry {
  path: string;
  parts: Iterable<string> | AsyncIterable<string>;
}

// A byte order mark so spreadsheet programs and older Windows editors read the text as UTF-8: without
// it Welsh letters and names such as "Siân" came out garbled.
const BYTE_ORDER_MARK = "\uFEFF";

/**
 * The zip as a stream: the README, a CSV file per list, each streamed list's file, and then the JSON
 * document, last so that it can say how many rows each streamed list's file was given.
 */
export function personalDataZip(document: Record<string, unknown>, readme: string, streamed: StreamedList[] = []): ReadableStream<Uint8Array> {
  // A streamed list's place in the document says where it is; it is not a record to make a CSV file of.
  const listed = Object.fromEntries(Object.entries(document).filter(([key]) => !streamed.some((list) => list.key === key)));
  const written = new Map<string, number>();
  const entries: ZipEntry[] = [
    { path: "README.txt", parts: [`${BYTE_ORDER_MARK}${readme}`] },
    ...Object.entries(csvFilesOf(listed)).map(([path, text]) => ({ path, parts: [`${BYTE_ORDER_MARK}${text}`] })),
    ...streamed.map((list) => ({ path: list.path, parts: csvInParts(list, (rows) => written.set(list.key, rows)) })),
    { path: "personal-data.json", parts: lazily(() => JSON.stringify(withStreamedCounts(document, streamed, written), null, 2)) },
  ];
  return zipStream(entries);
}

/** The document with each streamed list's file and count in its place. */
function withStreamedCounts(document: Record<string, unknown>, streamed: StreamedList[], written: Map<string, number>) {
  const counted = streamed.map((list) => [list.key, { file: list.path, count: written.get(list.key) ?? 0 }]);
  return { ...document, ...Object.fromEntries(counted) };
}

/** A part made only when the zip comes to it. */
function* lazily(text: () => string) {
  yield text();
}

/** A streamed list's CSV text, the header first and then a part for each page; `done` hears how many rows. */
async function* csvInParts({ columns, pages }: StreamedList, done: (rows: number) => void) {
  // toCsv always writes the header: each page after the first is its text past the header's own.
  const header = toCsv(columns, []);
  yield `${BYTE_ORDER_MARK}${header}`;
  let rows = 0;
  for await (const page of pages) {
    rows += page.length;
    yield toCsv(columns, page.map((row) => columns.map((c) => cell(row[c])))).slice(header.length);
  }
  done(rows);
}

/**
 * The entries zipped as the stream is read: one part of one file each time the reader wants more, so what
 * the zip holds at once is a part and the compressor's window, whatever the size of the whole. (Remix's
 * writer reads as fast as the parts come and does not wait for the socket, so for a slow client the
 * compressed output, about a twentieth of the text, may wait in the response's buffer; a client that has
 * gone stops the reading through the request's signal, `personalDataResponse`.)
 */
function zipStream(entries: ZipEntry[]): ReadableStream<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure = error;
    else ready.push(chunk);
  });
  const steps = (async function* () {
    for (const entry of entries) {
      const file = new ZipDeflate(entry.path, { level: 6 });
      zip.add(file);
      for await (const part of entry.parts) {
        file.push(strToU8(part));
        yield;
      }
      file.push(new Uint8Array(0), true);
    }
    zip.end();
  })();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // The compressor may hold a small part back: a pull that gave nothing would never be called again.
      let step: IteratorResult<void>;
      do step = await steps.next();
      while (!step.done && ready.length === 0 && !failure);
      if (failure) throw failure;
      for (const chunk of ready.splice(0)) controller.enqueue(chunk);
      if (step.done) controller.close();
    },
    async cancel() {
      await steps.return();
    },
  });
}
