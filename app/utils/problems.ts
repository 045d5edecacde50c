import type { CsvProblem } from "./csv-records.server";

/** One thing wrong with an uploaded file: its line, the column if known, and an i18n key with values. */
export interface Problem {
  line: number;
  column?: string;
  key: string;
  values?: Record<string, string | number>;
}

/** A problem with a CSV file as a whole (its encoding, quotes or columns), in the core imports' words. */
export function csvFileProblem({ reason, ...where }: CsvProblem): Problem {
  return { ...where, key: `import.errors.${reason}` };
}
