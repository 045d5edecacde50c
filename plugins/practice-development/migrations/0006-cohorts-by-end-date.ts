import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A programme's cohorts by the date they end. A session still to come is on or before its cohort's last
 * day, so the lists of sessions open for booking read only the cohorts not yet over, a range of this
 * index; through `cohorts_programme_idx` (programme_id, starts_on) they read every cohort the programme
 * ever ran (3,905 at national scale, some 1,300 more a year) to show a page of 25.
 */
export const cohortsByEndDate: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex("cohorts_programme_ends_idx").on("cohorts").columns(["programme_id", "ends_on"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("cohorts_programme_ends_idx").execute();
  },
};
