import { stringify } from "csv-stringify/sync";

/**
 * CSV text for spreadsheets. escape_formulas stops a cell that starts with = + - @ or a tab
 * from running as a formula when the file is opened (CSV injection). A cell holding a lone line break is
 * quoted too: unquoted, a spreadsheet starts a new row there, and what follows would be a cell of its own
 * that nothing escaped.
 */
export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  return stringify([header, ...rows], { escape_formulas: true, record_delimiter: "\r\n", quoted_match: /[\r\n]/ });
}

export function csvResponse(filename: string, body: string) {
  return new Response(`\uFEFF${body}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
