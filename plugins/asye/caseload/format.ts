// How the caseload pages write their numbers, in the reader's language: averages to one decimal place
// as the weekly report did, the limit to two (90% of 20.1 is 18.09).
import { formatNumber } from "../../../app/utils/number-format";

export const formatAverage = (value: number | null, locale: string) => (value === null ? "" : formatNumber(value, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
export const formatLimit = (value: number | null, locale: string) => (value === null ? "" : formatNumber(value, locale, { maximumFractionDigits: 2 }));
