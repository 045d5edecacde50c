// Pence as pounds, in the reader's language.
import { formatNumber } from "../../../app/utils/number-format";

export function money(pence: number, locale: string) {
  return formatNumber(pence / 100, locale, { style: "currency", currency: "GBP" });
}
