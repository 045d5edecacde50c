import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const TABLES = ["apprenticeship_completions", "apprenticeship_reviews", "apprenticeship_practice", "apprenticeship_otj", "apprenticeship_ledger", "apprenticeship_scores", "apprenticeship_applications", "apprenticeship_intakes"];

/**
 * Intakes (each with its core cohort), applications with the manager's support, panel scores; the levy
 * ledger (money in pence); and, for apprentices, off-the-job hours, practice learning, reviews and completion.
 */
export const recruitmentFundingAndProgress: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("apprenticeship_intakes"))
      .addColumn("cohort_id", "integer", (c) => c.notNull().unique().references("cohorts.id"))
      .addColumn("university", "text", (c) => c.notNull())
      .addColumn("criteria", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await withIdColumn(db, db.schema.createTable("apprenticeship_applications"))
      .addColumn("intake_id", "integer", (c) => c.notNull().references("apprenticeship_intakes.id"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("statement", "text", (c) => c.notNull())
      .addColumn("current_role", "text", (c) => c.notNull())
      .addColumn("service_months", "integer", (c) => c.notNull().check(check("service_months >= 0")))
      .addColumn("english", "text", (c) => c.notNull().check(oneOf("english", ["held", "planned", "none"])))
      .addColumn("maths", "text", (c) => c.notNull().check(oneOf("maths", ["held", "planned", "none"])))
      .addColumn("manager_support", "text", (c) => c.notNull().defaultTo("pending").check(oneOf("manager_support", ["pending", "given", "withheld"])))
      .addColumn("manager_reason", "text")
      .addColumn("manager_id", "integer", (c) => c.references("people.id"))
      .addColumn("manager_decided_at", "text")
      .addColumn("shortlisted", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("decision", "text", (c) => c.check(oneOf("decision", ["offer", "reserve", "decline"])))
      .addColumn("feedback", "text")
      .addColumn("enrolment_id", "integer", (c) => c.references("enrolments.id"))
      .addColumn("response", "text", (c) => c.check(oneOf("response", ["accepted", "declined"])))
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addUniqueConstraint("apprenticeship_applications_once", ["intake_id", "person_id"])
      .execute();
    await db.schema.createIndex("apprenticeship_applications_person_idx").on("apprenticeship_applications").column("person_id").execute();

    await db.schema
      .createTable("apprenticeship_scores")
      .addColumn("application_id", "integer", (c) => c.notNull().references("apprenticeship_applications.id").onDelete("cascade"))
      .addColumn("panel_member_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("values_score", "integer", (c) => c.notNull().check(check("values_score between 1 and 5")))
      .addColumn("experience_score", "integer", (c) => c.notNull().check(check("experience_score between 1 and 5")))
      .addColumn("potential_score", "integer", (c) => c.notNull().check(check("potential_score between 1 and 5")))
      .addColumn("comment", "text")
      .addColumn("scored_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("apprenticeship_scores_pk", ["application_id", "panel_member_id"])
      .execute();

    await withIdColumn(db, db.schema.createTable("apprenticeship_ledger"))
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["levy", "top_up", "payment", "transfer"])))
      .addColumn("amount_pence", "integer", (c) => c.notNull().check(check("amount_pence > 0")))
      .addColumn("person_id", "integer", (c) => c.references("people.id"))
      .addColumn("counterparty", "text")
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("apprenticeship_ledger_date_idx").on("apprenticeship_ledger").columns(["occurred_on", "id"]).execute();

    await withIdColumn(db, db.schema.createTable("apprenticeship_otj"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("week_of", "text", (c) => c.notNull())
      .addColumn("minutes", "integer", (c) => c.notNull().check(check("minutes > 0 and minutes <= 3360")))
      .addColumn("activity", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("apprenticeship_otj_person_idx").on("apprenticeship_otj").columns(["person_id", "week_of"]).execute();

    await withIdColumn(db, db.schema.createTable("apprenticeship_practice"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["skills_days", "placement_70", "placement_100"])))
      .addColumn("starts_on", "text", (c) => c.notNull())
      .addColumn("ends_on", "text", (c) => c.notNull())
      .addColumn("setting", "text", (c) => c.notNull())
      .addColumn("practice_educator", "text", (c) => c.notNull())
      .addColumn("days_completed", "integer", (c) => c.notNull().defaultTo(0).check(check("days_completed >= 0")))
      .addUniqueConstraint("apprenticeship_practice_once", ["person_id", "kind"])
      .execute();

    await withIdColumn(db, db.schema.createTable("apprenticeship_reviews"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("held_on", "text", (c) => c.notNull())
      .addColumn("outcome", "text", (c) => c.notNull().check(oneOf("outcome", ["on_track", "some_concerns", "at_risk"])))
      .addColumn("actions", "text", (c) => c.notNull())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("apprenticeship_reviews_person_idx").on("apprenticeship_reviews").columns(["person_id", "held_on"]).execute();

    await db.schema
      .createTable("apprenticeship_completions")
      .addColumn("person_id", "integer", (c) => c.primaryKey().references("people.id"))
      .addColumn("gateway_on", "text")
      .addColumn("degree_outcome", "text", (c) => c.check(oneOf("degree_outcome", ["first", "upper_second", "lower_second", "third", "pass", "fail"])))
      .addColumn("degree_on", "text")
      .addColumn("registered_on", "text")
      .addColumn("registration_number", "text")
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of TABLES) await db.schema.dropTable(table).execute();
  },
};
