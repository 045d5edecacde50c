import { stringify } from "csv-stringify/sync";

/**
 * CSV text for spreadsheets. escape_formulas stops a cell that starts with = + - @ or a tab
 * from running as a formula when the file is opened (CSV injection). A cell holding a lone line break is
 * quoted too: unquoted, a spreadsheet starts a new row there, and what follows would be a cell of its own
 * that nothing escaped.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return stringify([header, ...rows], {
    escape_formulas: true,
    record_delimiter: "\r\n",
    quoted_match: /[\r\n]/,
    // A plain signed number ("-3", "+0.62", "-12.5%") runs nothing, and escaped it showed as text with an
    // apostrophe. csv-stringify turns numbers into strings before escaping them, so both are let through.
    cast: { number: (value) => plainNumber(String(value)), string: (value) => (PLAIN_NUMBER.test(value) ? plainNumber(value) : value) },
  });
}

const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;
const plainNumber = (value: string) => ({ value, escape_formulas: false });

export function csvResponse(filename: string, body: string) {
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
