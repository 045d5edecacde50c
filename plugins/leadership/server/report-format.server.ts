// Numbers in reports, in the reader's language.
import { formatNumber } from "../../../app/utils/number-format";

export const percent = (rate: number, locale: string) => formatNumber(rate, locale, { style: "percent", maximumFractionDigits: 0 });
export const hours = (minutes: number, locale: string) => formatNumber(minutes / 60, locale, { maximumFractionDigits: 1 });
