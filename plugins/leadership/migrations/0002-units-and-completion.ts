import type { Kysely, Migration } from "kysely";
import { oneOf, withIdColumn } from "../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const DEFAULT_UNITS = ["Leading and developing people", "Management oversight and reflective supervision", "Leading change and improving practice"];

/** The programme's assessed units (data, so they can change), each learner's results, and completions. */
export const unitsAndCompletion: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("leadership_units"))
      .addColumn("sequence", "integer", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .execute();
    await db.insertInto("leadership_units").values(DEFAULT_UNITS.map((title, i) => ({ sequence: i + 1, title }))).execute();

    await db.schema
      .createTable("leadership_unit_results")
      .addColumn("enrolment_id", "integer", (c) => c.notNull().references("enrolments.id"))
      .addColumn("unit_id", "integer", (c) => c.notNull().references("leadership_units.id"))
      .addColumn("submitted_on", "text", (c) => c.notNull())
      .addColumn("result", "text", (c) => c.notNull().check(oneOf("result", ["pass", "refer", "fail"])))
      .addColumn("feedback", "text")
      .addColumn("assessed_by", "integer", (c) => c.references("people.id"))
      .addColumn("assessed_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("leadership_unit_results_pk", ["enrolment_id", "unit_id"])
      .execute();

    await db.schema
      .createTable("leadership_completions")
      .addColumn("enrolment_id", "integer", (c) => c.primaryKey().references("enrolments.id"))
      .addColumn("completed_on", "text", (c) => c.notNull())
      .addColumn("ilm_registration", "text", (c) => c.notNull())
      .addColumn("certificate_number", "text", (c) => c.notNull().unique())
      .addColumn("recorded_by", "integer", (c) => c.references("people.id"))
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("leadership_completions").execute();
    await db.schema.dropTable("leadership_unit_results").execute();
    await db.schema.dropTable("leadership_units").execute();
  },
};
