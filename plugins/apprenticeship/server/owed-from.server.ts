// When an apprentice's off-the-job hours and progress reviews are owed from: the intake's start, or, for
// someone given their place after it (a reserve offered a place freed once the degree had begun), the day
// they were given it, or, for an offer accepted after it, the day they accepted: until then they were not
// an apprentice (progress.server.ts). Nobody owes hours for weeks before they held a place. The day a place
// was given is read from the place itself: the core writes an enrolled place's `updated_at` only as it
// becomes enrolled (placed, approved or promoted from the waiting list), so for an enrolled place it is when
// the place was given. The day an offer was accepted is the accepted application's `updated_at`: nothing
// changes an application once it is answered. A place the core has marked completed was changed since, so
// its start is the intake's. Worked out here once for the list of apprentices (in code) and for the counts
// (in the database), by the same rule.
import { sql, type RawBuilder } from "kysely";
import { utcToLondon } from "../../../app/utils/london-time";

/** The place columns the rule reads, as `enrolledApprentices` selects them (`offer_accepted_at` by `offerAcceptedAt`). */
export interface PlaceHeld {
  starts_on: string;
  place_status: string;
  place_changed_at: string;
  offer_accepted_at: string | null;
}

/**
 * When the offer that gave the place `e` was accepted (ISO text), in the database; null for a place L&D gave,
 * which has no offer to answer. An application gives at most one place, found by the index on it.
 */
export const offerAcceptedAt = sql<string | null>`(select offer.updated_at from apprenticeship_applications as offer where offer.enrolment_id = e.id and offer.response = 'accepted')`;

/** The day hours and reviews are owed from (London's date): the intake's start, or the day the place was given or its offer accepted if later. */
export function owedFrom(place: PlaceHeld): string {
  if (place.place_status !== "enrolled") return place.starts_on;
  const days = [place.starts_on, utcToLondon(place.place_changed_at).date];
  if (place.offer_accepted_at) days.push(utcToLondon(place.offer_accepted_at).date);
  return days.sort().at(-1)!;
}

/**
 * The London date of an instant stored as ISO text (`toISOString`, UTC), in the database. PostgreSQL knows
 * London's clock; SQLite does not, so there British Summer Time is worked out by its rule: from 01:00 UTC on
 * the last Sunday of March (the Sunday on or after 25 March) to 01:00 UTC on the last Sunday of October.
 */
export function londonDateSql(instant: RawBuilder<unknown>, postgres: boolean): RawBuilder<string> {
  if (postgres) return sql<string>`to_char(cast(${instant} as timestamptz) at time zone 'Europe/London', 'YYYY-MM-DD')`;
  const year = sql`substr(${instant}, 1, 4)`;
  const summerFrom = sql`date(${year} || '-03-25', 'weekday 0') || 'T01:00'`;
  const summerUntil = sql`date(${year} || '-10-25', 'weekday 0') || 'T01:00'`;
  return sql<string>`date(${instant}, case when ${instant} >= ${summerFrom} and ${instant} < ${summerUntil} then '+1 hours' else '+0 hours' end)`;
}

/** `owedFrom` in the database, over `enrolledApprentices`' `e` (the place) and `c` (its cohort). */
export function owedFromSql(postgres: boolean): RawBuilder<string> {
  const given = londonDateSql(sql`e.updated_at`, postgres);
  // Accepted before the place was given never happens: an offer is answered after it is made.
  const accepted = londonDateSql(sql`coalesce(${offerAcceptedAt}, e.updated_at)`, postgres);
  const latest = sql<string>`case when ${accepted} > ${given} then ${accepted} else ${given} end`;
  return sql<string>`case when e.status = 'enrolled' and ${latest} > c.starts_on then ${latest} else c.starts_on end`;
}
