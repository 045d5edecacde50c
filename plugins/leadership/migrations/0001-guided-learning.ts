import type { Kysely, Migration } from "kysely";
import { check, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Guided learning a learner logs against their place on a cohort, confirmed by L&D. */
export const guidedLearning: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("leadership_guided_learning"))
      .addColumn("enrolment_id", "integer", (c) => c.notNull().references("enrolments.id"))
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("activity", "text", (c) => c.notNull())
      .addColumn("minutes", "integer", (c) => c.notNull().check(check("minutes > 0 and minutes <= 1440")))
      .addColumn("reflection", "text")
      .addColumn("confirmed_by", "integer", (c) => c.references("people.id"))
      .addColumn("confirmed_at", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("leadership_guided_learning_enrolment_idx").on("leadership_guided_learning").columns(["enrolment_id", "occurred_on"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("leadership_guided_learning").execute();
  },
};
