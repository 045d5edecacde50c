import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Two reads of whole tables for a small answer. `/admin` counts the active people on every load, and read
 * all of `people` to do it (62,579 rows at national scale, 30 to 37 ms); a partial index holds just the
 * active people's ids, a few pages. Not an index on the status itself: nearly everyone shares one status,
 * and until statistics are gathered (a migrated database has none for a new index) SQLite took such an
 * index for a narrow one, and read everyone through it for the new starters, a manager's line or a team
 * (from under a millisecond to 50 to 100 ms). Each job's latest run is its highest id for its key: by key
 * and id that is one step into an index per job, where by key alone it read every run the job ever had
 * (the hourly sync adds some 8,760 a year, and runs are kept).
 */
export const activePeopleAndLatestJobRuns: Migration = {
  async up(db: AnyDb) {
    await sql`create index people_active_idx on people (id) where employment_status = 'active'`.execute(db);
    await db.schema.createIndex("job_runs_latest_idx").on("job_runs").columns(["job_key", "id"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("job_runs_latest_idx").execute();
    await db.schema.dropIndex("people_active_idx").execute();
  },
};
