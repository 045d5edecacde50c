// Pence as pounds, in the reader's language.
const formats = new Map<string, Intl.NumberFormat>();

export function money(pence: number, locale: string) {
  let format = formats.get(locale);
  if (!format) formats.set(locale, (format = new Intl.NumberFormat(locale, { style: "currency", currency: "GBP" })));
  return format.format(pence / 100);
}
