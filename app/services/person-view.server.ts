// Shapes one person's record for the pages that show it, with dates formatted in the reader's language.
import { addDaysToDate, formatDate, wholeYearsSince } from "../utils/dates";
import { londonToday } from "../utils/london-time";
import type { Locale } from "../utils/i18n";
import type { PersonRecordData } from "../components/PersonRecord";
import { personProfile } from "./people.server";
import { REGISTRATION_WARNING_DAYS } from "./readiness.server";

export function registrationState(expiry: string | null, number: string | null, now: Date): PersonRecordData["registrationState"] {
  if (!number || !expiry) return "none";
  const today = londonToday(now);
  if (expiry < today) return "expired";
  if (expiry <= addDaysToDate(today, REGISTRATION_WARNING_DAYS)) return "expiring";
  return "current";
}

export async function personRecord(personId: number, locale: Locale, now = new Date()): Promise<PersonRecordData | undefined> {
  const person = await personProfile(personId);
  if (!person) return undefined;
  return {
    ...person,
    yearsQualified: wholeYearsSince(person.qualification_date, now),
    registrationState: registrationState(person.registration_expiry, person.registration_number, now),
    dates: { qualification: formatDate(person.qualification_date, locale), registrationExpiry: formatDate(person.registration_expiry, locale) },
  };
}
