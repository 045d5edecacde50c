// When an apprentice's off-the-job hours and progress reviews are owed from: the intake's start, or, for
// someone given their place after it (a reserve offered a place freed once the degree had begun), the day
// they were given it. Nobody owes hours for weeks before they held a place. The day is read from the place
// itself: the core writes an enrolled place's `updated_at` only as it becomes enrolled (placed, approved or
// promoted from the waiting list), so for an enrolled place it is when the place was given. A place the
// core has marked completed was changed since, so its start is the intake's. Worked out here once for the
// list of apprentices (in code) and for the counts (in the database), by the same rule.
import { sql, type RawBuilder } from "kysely";
import { utcToLondon } from "../../../app/utils/london-time";

/** The place columns the rule reads, as `enrolledApprentices` selects them. */
export interface PlaceHeld {
  starts_on: string;
  place_status: string;
  place_changed_at: string;
}

/** The day hours and reviews are owed from (London's date): the intake's start, or the day the place was given if later. */
export function owedFrom(place: PlaceHeld): string {
  if (place.place_status !== "enrolled") return place.starts_on;
  const given = utcToLondon(place.place_changed_at).date;
  return given > place.starts_on ? given : place.starts_on;
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
  return sql<string>`case when e.status = 'enrolled' and ${given} > c.starts_on then ${given} else c.starts_on end`;
}
