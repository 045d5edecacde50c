/** One thing wrong with an uploaded file: its line, the column if known, and an i18n key with values. */
export interface Problem {
  line: number;
  column?: string;
  key: string;
  values?: Record<string, string | number>;
}
