// How the caseload pages write their numbers, in the reader's language: averages to one decimal place
// as the weekly report did, the limit to two (90% of 20.1 is 18.09).
import { formatNumber } from "../../../app/utils/number-format";

export const formatAverage = (value: number | null, locale: string) => (value === null ? "" : formatNumber(value, locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
export const formatLimit = (value: number | null, locale: string) => (value === null ? "" : formatNumber(value, locale, { maximumFractionDigits: 2 }));

/** The limit rounded as formatLimit prints it, so the words agree with the number shown: "1 case", "0.9 cases", "18.09 cases". */
export const limitAsShown = (value: number | null) => (value === null ? 0 : Math.round(value * 100) / 100);
