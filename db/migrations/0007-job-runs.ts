import type { Kysely, Migration } from "kysely";
import { oneOf, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Each run of a plugin's scheduled job: when, how far it got, and what it applied or why it failed. */
export const jobRuns: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("job_runs"))
      .addColumn("job_key", "text", (c) => c.notNull())
      .addColumn("status", "text", (c) => c.notNull().check(oneOf("status", ["running", "succeeded", "failed"])))
      .addColumn("started_at", "text", (c) => c.notNull())
      .addColumn("finished_at", "text")
      .addColumn("done", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("total", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("summary_json", "text")
      .addColumn("error", "text")
      .addColumn("started_by", "integer", (c) => c.references("people.id"))
      .execute();
    await db.schema.createIndex("job_runs_key_idx").on("job_runs").columns(["job_key", "started_at"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("job_runs").execute();
  },
};
