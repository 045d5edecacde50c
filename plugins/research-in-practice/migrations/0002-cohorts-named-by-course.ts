import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Synced runs' cohorts were named "<course>: <ISO date>", and core pages (the manager's inbox, the request
 * page, the waiting-list notice) show a cohort's name as it is, in Welsh too. They take their course's
 * title alone, as the sync now names them; a tailored run keeps the name L&D gave it.
 */
export const cohortsNamedByCourse: Migration = {
  async up(db: AnyDb) {
    const title = sql<string>`(select course.title from research_in_practice_runs r join research_in_practice_courses course on course.id = r.course_id where r.cohort_id = cohorts.id)`;
    await db
      .updateTable("cohorts")
      .set({ name: title })
      .where("programme_id", "=", "research-in-practice")
      .where("id", "in", db.selectFrom("research_in_practice_runs").select("cohort_id").where("tailored", "=", 0))
      .execute();
  },
  // The dated names are not worth restoring: the next sync would only undo them.
  async down() {},
};
