import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * New starters are found by the date they started: practice development's induction lists and counts
 * everyone who started in the last months, newest first, and read all of `people` twice to do it (62,579
 * rows at national scale, for an L&D officer who sees everyone).
 */
export const peopleByStartDate: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex("people_started_idx").on("people").columns(["employment_start", "id"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("people_started_idx").execute();
  },
};
