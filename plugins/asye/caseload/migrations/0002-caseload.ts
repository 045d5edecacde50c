import type { Kysely, Migration } from "kysely";
import { check } from "../../../sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Each week's allocated cases per person, from L&D's weekly caseload report. The person's career stage is
 * kept as it stood when the week was imported, so an old week still compares the people who were ASYE
 * workers then, after they pass and become social workers.
 */
export const caseloadFigures: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("asye_caseload_figures")
      .addColumn("week_of", "text", (c) => c.notNull())
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("cases", "integer", (c) => c.notNull().check(check("cases >= 0")))
      .addColumn("career_stage", "text")
      .addColumn("imported_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("asye_caseload_figures_pk", ["week_of", "person_id"])
      .execute();
    // The weekly averages group by week and stage; a person's own figures (export) go by person.
    await db.schema.createIndex("asye_caseload_figures_week_stage_idx").on("asye_caseload_figures").columns(["week_of", "career_stage", "cases"]).execute();
    await db.schema.createIndex("asye_caseload_figures_person_idx").on("asye_caseload_figures").columns(["person_id", "week_of"]).execute();
    // Each week's people and cases per career stage, kept with the figures: the averages and the trend
    // read these few rows instead of every figure (a national year is millions of them). Per stage, so
    // changing who counts as experienced needs no recount.
    await db.schema
      .createTable("asye_caseload_stage_totals")
      .addColumn("week_of", "text", (c) => c.notNull())
      .addColumn("career_stage", "text", (c) => c.notNull())
      .addColumn("people", "integer", (c) => c.notNull())
      .addColumn("cases", "integer", (c) => c.notNull())
      .addPrimaryKeyConstraint("asye_caseload_stage_totals_pk", ["week_of", "career_stage"])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("asye_caseload_stage_totals").execute();
    await db.schema.dropTable("asye_caseload_figures").execute();
  },
};
