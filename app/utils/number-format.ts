// Numbers in the reader's language. Building an Intl formatter costs far more than using one, and tables
// format a number on every row, so each pair of locale and options is built once and kept. The pairs come
// from code and the two supported languages; the bound only guards against a caller passing anything else.
const formats = new Map<string, Intl.NumberFormat>();
const MOST_KEPT = 200;

export function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  const kept = formats.get(key);
  if (kept) return kept;
  const format = new Intl.NumberFormat(locale, options);
  if (formats.size < MOST_KEPT) formats.set(key, format);
  return format;
}

export function formatNumber(value: number, locale: string, options?: Intl.NumberFormatOptions): string {
  return numberFormat(locale, options).format(value);
}
