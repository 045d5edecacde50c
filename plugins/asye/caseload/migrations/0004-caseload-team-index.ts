import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A manager's count of ASYE workers over the limit names a week, the ASYE stage and the people in their
 * line. Indexed by week and stage alone, SQLite read every ASYE worker's figure in the country that week
 * to keep the 52 in a locality (2.2 ms on every /team); with the person next, it seeks each one (0.14 ms,
 * docs/performance.md). Cases stay last, so the national counts still read the index alone.
 */
export const caseloadTeamIndex: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex("asye_caseload_figures_week_stage_person_idx").on("asye_caseload_figures").columns(["week_of", "career_stage", "person_id", "cases"]).execute();
    await db.schema.dropIndex("asye_caseload_figures_week_stage_idx").execute();
  },
  async down(db: AnyDb) {
    await db.schema.createIndex("asye_caseload_figures_week_stage_idx").on("asye_caseload_figures").columns(["week_of", "career_stage", "cases"]).execute();
    await db.schema.dropIndex("asye_caseload_figures_week_stage_person_idx").execute();
  },
};
