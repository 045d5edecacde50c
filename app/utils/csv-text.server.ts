// The text of an uploaded CSV file. Spreadsheets save CSV in several encodings; only UTF-8 (with or
// without its byte order mark) reads back as what was typed. Anything else is named, with the line where
// it goes wrong, instead of being read as garbled letters and saved that way.

export type CsvTextProblem = { line: number; reason: "utf16" | "notUtf8" | "notCsv" };

export type CsvText = { ok: true; text: string } | { ok: false; problem: CsvTextProblem };

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;

/** Bytes as uploaded, or text a caller already read as UTF-8 (where bad bytes became U+FFFD). */
export function csvTextOf(input: string | Uint8Array): CsvText {
  const decoded = typeof input === "string" ? fromString(input) : fromBytes(input);
  if (!decoded.ok) return decoded;
  const nul = decoded.text.indexOf("\u0000");
  if (nul >= 0) return { ok: false, problem: { line: lineAt(decoded.text, nul), reason: "notCsv" } };
  return decoded;
}

function fromBytes(bytes: Uint8Array): CsvText {
  if (looksLikeUtf16(bytes)) return { ok: false, problem: { line: 1, reason: "utf16" } };
  const body = UTF8_BOM.every((b, i) => bytes[i] === b) ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { ok: false, problem: { line: firstLineNotUtf8(body), reason: "notUtf8" } };
  }
}

function fromString(text: string): CsvText {
  if (text.startsWith("\uFFFD\uFFFD") && text.includes("\u0000")) return { ok: false, problem: { line: 1, reason: "utf16" } };
  const replaced = text.indexOf("\uFFFD");
  if (replaced >= 0) return { ok: false, problem: { line: lineAt(text, replaced), reason: "notUtf8" } };
  return { ok: true, text: text.replace(/^\uFEFF/, "") };
}

/** A UTF-16 byte order mark, or the zero byte UTF-16 gives every plain letter, on one side of each pair. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  const pairs = Math.floor(Math.min(bytes.length, 200) / 2);
  if (pairs < 2) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (bytes[i] === 0) evenZeros += 1;
    if (bytes[i + 1] === 0) oddZeros += 1;
  }
  return Math.max(evenZeros, oddZeros) >= pairs * 0.9 && Math.min(evenZeros, oddZeros) === 0;
}

/**
 * Lines end as the CSV reader ends them: CRLF, LF or a lone CR (Excel's "CSV (Macintosh)"). Neither byte
 * occurs inside a UTF-8 character, so each line can be tried on its own.
 */
function firstLineNotUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let start = 0;
  let line = 1;
  for (let at = 0; at <= bytes.length; at += 1) {
    if (at < bytes.length && bytes[at] !== LF && bytes[at] !== CR) continue;
    try {
      decoder.decode(bytes.subarray(start, at));
    } catch {
      return line;
    }
    if (bytes[at] === CR && bytes[at + 1] === LF) at += 1;
    start = at + 1;
    line += 1;
  }
  return 1;
}

/** Lines end as the CSV reader ends them: CRLF, LF or a lone CR. */
function lineAt(text: string, index: number): number {
  return 1 + (text.slice(0, index).match(/\r\n|\r|\n/g)?.length ?? 0);
}
