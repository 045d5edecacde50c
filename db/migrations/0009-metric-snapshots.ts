import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The last value seen of each "taken now" key metric (readiness bands, say) per quarter and scope, written
 * daily by the metrics-snapshot job, so a later quarter's pack can show the change from this one.
 */
export const metricSnapshots: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("metric_snapshots")
      .addColumn("quarter", "text", (c) => c.notNull())
      // "all" or the org unit's id.
      .addColumn("scope_key", "text", (c) => c.notNull())
      // "<source>:<figure id>"
      .addColumn("metric_key", "text", (c) => c.notNull())
      .addColumn("value", "real")
      .addColumn("recorded_at", "text", (c) => c.notNull())
      .addPrimaryKeyConstraint("metric_snapshots_pk", ["quarter", "scope_key", "metric_key"])
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("metric_snapshots").execute();
  },
};
