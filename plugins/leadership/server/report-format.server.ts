// Numbers in reports, in the reader's language.
import { formatNumber } from "../../../app/utils/number-format";

export const percent = (rate: number, locale: string) => formatNumber(rate, locale, { style: "percent", maximumFractionDigits: 0 });

const ONE_DECIMAL = { maximumFractionDigits: 1 };

/**
 * Minutes as hours, rounded to one decimal place just as they are shown: the number "hour" or "hours"
 * agrees with. 57 to 62 minutes are shown as 1, so they are 1 hour; 90 minutes are 1.5 hours. Rounded
 * by Intl itself (not toFixed, which rounds 0.95 down where Intl rounds it up), so the two never differ.
 */
export const hoursCount = (minutes: number) => Number(formatNumber(minutes / 60, "en-GB", { ...ONE_DECIMAL, useGrouping: false }));
export const hours = (minutes: number, locale: string) => formatNumber(hoursCount(minutes), locale, ONE_DECIMAL);
