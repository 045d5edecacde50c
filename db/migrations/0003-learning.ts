import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const ENROLMENT_STATUSES = ["requested", "approved", "enrolled", "waitlisted", "completed", "not_completed", "withdrawn", "declined"];

export const learning: Migration = {
  async up(db: AnyDb) {
    // One row per installed programme plugin; `enabled` is the admin's switch on /admin/plugins.
    await db.schema
      .createTable("programmes")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("enabled", "integer", (c) => c.notNull().defaultTo(1))
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();

    await withIdColumn(db, db.schema.createTable("cohorts"))
      .addColumn("programme_id", "text", (c) => c.notNull().references("programmes.id"))
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("starts_on", "text", (c) => c.notNull())
      .addColumn("ends_on", "text", (c) => c.notNull())
      .addColumn("capacity", "integer", (c) => c.notNull().check(check("capacity >= 0")))
      .addColumn("enrolment_opens_on", "text")
      .addColumn("enrolment_closes_on", "text")
      .addColumn("venue", "text")
      .addColumn("online_url", "text")
      .addColumn("requires_manager_approval", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addCheckConstraint("cohorts_dates_ordered", check("ends_on >= starts_on"))
      .execute();
    await db.schema.createIndex("cohorts_programme_idx").on("cohorts").columns(["programme_id", "starts_on"]).execute();

    await withIdColumn(db, db.schema.createTable("cohort_sessions"))
      .addColumn("cohort_id", "integer", (c) => c.notNull().references("cohorts.id").onDelete("cascade"))
      .addColumn("sequence", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("starts_at", "text", (c) => c.notNull())
      .addColumn("ends_at", "text", (c) => c.notNull())
      .addColumn("location", "text")
      .addColumn("status", "text", (c) => c.notNull().defaultTo("scheduled").check(oneOf("status", ["scheduled", "cancelled"])))
      .addCheckConstraint("cohort_sessions_times_ordered", check("ends_at > starts_at"))
      .execute();
    await db.schema.createIndex("cohort_sessions_cohort_idx").on("cohort_sessions").columns(["cohort_id", "starts_at"]).execute();

    await withIdColumn(db, db.schema.createTable("enrolments"))
      .addColumn("cohort_id", "integer", (c) => c.notNull().references("cohorts.id"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ENROLMENT_STATUSES)))
      .addColumn("waitlist_position", "integer")
      .addColumn("reason", "text")
      .addColumn("decided_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("enrolments_one_per_person", ["cohort_id", "person_id"])
      .execute();
    await db.schema.createIndex("enrolments_person_idx").on("enrolments").columns(["person_id", "status"]).execute();
    await db.schema.createIndex("enrolments_cohort_status_idx").on("enrolments").columns(["cohort_id", "status"]).execute();

    await db.schema
      .createTable("attendance")
      .addColumn("session_id", "integer", (c) => c.notNull().references("cohort_sessions.id").onDelete("cascade"))
      .addColumn("enrolment_id", "integer", (c) => c.notNull().references("enrolments.id").onDelete("cascade"))
      .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ["present", "absent", "excused"])))
      .addColumn("marked_by", "integer", (c) => c.references("people.id"))
      .addColumn("marked_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("attendance_pk", ["session_id", "enrolment_id"])
      .execute();
    await db.schema.createIndex("attendance_enrolment_idx").on("attendance").column("enrolment_id").execute();

    await withIdColumn(db, db.schema.createTable("cpd_entries"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("source_ref", "text")
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("hours", "real", (c) => c.notNull().check(check("hours >= 0")))
      .addColumn("reflection", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("cpd_entries_source_ref", ["person_id", "source", "source_ref"])
      .execute();
    await db.schema.createIndex("cpd_entries_person_idx").on("cpd_entries").columns(["person_id", "occurred_on"]).execute();
  },
  async down(db: AnyDb) {
    for (const table of ["cpd_entries", "attendance", "enrolments", "cohort_sessions", "cohorts", "programmes"]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
