import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A running job now says it is alive every few seconds (`heartbeat_at`), so a run whose process was
 * killed is known to have stopped within minutes, not taken as running for half an hour; and only one
 * run of a job can be "running" at a time, even when two processes start it at the same moment.
 * Earlier "running" rows that a newer one followed were left by processes that died: they are closed as
 * failed first, so the unique index can be built.
 */
export const jobHeartbeat: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("job_runs").addColumn("heartbeat_at", "text").execute();
    await db
      .updateTable("job_runs")
      .set({ status: "failed", finished_at: sql`started_at`, error: "The process running it stopped before it finished." })
      .where("status", "=", "running")
      .where("id", "not in", sql<number>`(select max(id) from job_runs where status = 'running' group by job_key)`)
      .execute();
    await db.schema.createIndex("job_runs_one_running_idx").on("job_runs").column("job_key").unique().where(sql.ref("status"), "=", "running").execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("job_runs_one_running_idx").execute();
    await db.schema.alterTable("job_runs").dropColumn("heartbeat_at").execute();
  },
};
