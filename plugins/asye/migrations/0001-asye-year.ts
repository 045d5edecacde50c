import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const TABLES = ["asye_supervision", "asye_evidence", "asye_reviews", "asye_leave", "asye_years"];

/**
 * One ASYE year per newly qualified social worker, with its assessor and supervisor, the assessor's
 * recommendation and L&D's decision; its periods of leave, reviews, evidence and supervision sessions.
 */
export const asyeYear: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("asye_years"))
      .addColumn("person_id", "integer", (c) => c.notNull().unique().references("people.id"))
      .addColumn("starts_on", "text", (c) => c.notNull())
      .addColumn("assessor_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("supervisor_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("extension_weeks", "integer", (c) => c.notNull().defaultTo(0).check(check("extension_weeks >= 0")))
      .addColumn("recommendation", "text", (c) => c.check(oneOf("recommendation", ["pass", "extend", "fail"])))
      .addColumn("recommendation_note", "text")
      .addColumn("recommended_by", "integer", (c) => c.references("people.id"))
      .addColumn("recommended_at", "text")
      .addColumn("decision", "text", (c) => c.check(oneOf("decision", ["pass", "extend", "fail"])))
      .addColumn("decision_note", "text")
      .addColumn("decided_by", "integer", (c) => c.references("people.id"))
      .addColumn("decided_on", "text")
      .addColumn("created_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("asye_years_assessor_idx").on("asye_years").column("assessor_id").execute();
    await db.schema.createIndex("asye_years_supervisor_idx").on("asye_years").column("supervisor_id").execute();
    await db.schema.createIndex("asye_years_decision_idx").on("asye_years").columns(["decision", "starts_on"]).execute();

    await withIdColumn(db, db.schema.createTable("asye_leave"))
      .addColumn("year_id", "integer", (c) => c.notNull().references("asye_years.id").onDelete("cascade"))
      .addColumn("starts_on", "text", (c) => c.notNull())
      .addColumn("ends_on", "text", (c) => c.notNull())
      .addColumn("reason", "text", (c) => c.notNull())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addCheckConstraint("asye_leave_order", check("ends_on >= starts_on"))
      .execute();
    await db.schema.createIndex("asye_leave_year_idx").on("asye_leave").columns(["year_id", "starts_on"]).execute();

    await withIdColumn(db, db.schema.createTable("asye_reviews"))
      .addColumn("year_id", "integer", (c) => c.notNull().references("asye_years.id").onDelete("cascade"))
      .addColumn("review_month", "integer", (c) => c.notNull().check(check("review_month in (3, 6, 9, 12)")))
      .addColumn("held_on", "text", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull().check(oneOf("outcome", ["on_track", "concerns", "not_on_track"])))
      .addColumn("note", "text", (c) => c.notNull())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("asye_reviews_once", ["year_id", "review_month"])
      .execute();

    await withIdColumn(db, db.schema.createTable("asye_evidence"))
      .addColumn("year_id", "integer", (c) => c.notNull().references("asye_years.id").onDelete("cascade"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["direct_observation", "family_feedback", "professional_feedback", "written_report", "reflection_6", "reflection_12"])))
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("asye_evidence_year_idx").on("asye_evidence").columns(["year_id", "kind"]).execute();

    await withIdColumn(db, db.schema.createTable("asye_supervision"))
      .addColumn("year_id", "integer", (c) => c.notNull().references("asye_years.id").onDelete("cascade"))
      .addColumn("held_on", "text", (c) => c.notNull())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("asye_supervision_once", ["year_id", "held_on"])
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
