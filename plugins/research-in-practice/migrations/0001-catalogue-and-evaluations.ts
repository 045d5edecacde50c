import type { Kysely, Migration } from "kysely";
import { check, oneOf } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The synced catalogue (courses by the provider's id; each scheduled run is a core cohort with one
 * session), where the last sync got to, and each learner's evaluation of a course.
 */
export const catalogueAndEvaluations: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("research_in_practice_courses")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("format", "text", (c) => c.notNull().check(oneOf("format", ["workshop", "webinar", "tailored_programme", "e_learning"])))
      .addColumn("summary", "text", (c) => c.notNull())
      .addColumn("objectives_json", "text", (c) => c.notNull())
      .addColumn("cpd_hours", "real", (c) => c.notNull().check(check("cpd_hours >= 0")))
      .addColumn("kss_json", "text", (c) => c.notNull())
      .addColumn("pcf_json", "text", (c) => c.notNull())
      .addColumn("last_modified", "text", (c) => c.notNull())
      .addColumn("withdrawn", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("synced_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("research_in_practice_runs")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("course_id", "text", (c) => c.notNull().references("research_in_practice_courses.id"))
      .addColumn("cohort_id", "integer", (c) => c.notNull().unique().references("cohorts.id"))
      .addColumn("session_id", "integer", (c) => c.notNull().references("cohort_sessions.id"))
      .addColumn("tailored", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("withdrawn", "integer", (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex("research_in_practice_runs_course_idx").on("research_in_practice_runs").column("course_id").execute();

    await db.schema
      .createTable("research_in_practice_sync")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("research_in_practice_evaluations")
      .addColumn("enrolment_id", "integer", (c) => c.primaryKey().references("enrolments.id"))
      .addColumn("before_json", "text")
      .addColumn("before_at", "text")
      .addColumn("after_json", "text")
      .addColumn("after_at", "text")
      .addColumn("will_do_differently", "text")
      .addColumn("followup_changed", "text", (c) => c.check(oneOf("followup_changed", ["yes", "partly", "no"])))
      .addColumn("followup_example", "text")
      .addColumn("followup_at", "text")
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ["research_in_practice_evaluations", "research_in_practice_sync", "research_in_practice_runs", "research_in_practice_courses"]) await db.schema.dropTable(table).execute();
  },
};
