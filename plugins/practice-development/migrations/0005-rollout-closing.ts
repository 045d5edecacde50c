import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * When a rollout was closed and by whom (a person's id, as `created_by`). A closed rollout is no longer
 * asked of anyone (readiness, /me), but keeps its targets and figures, so it can be reopened: closing
 * deletes nothing. Existing rollouts stay open.
 */
export const rolloutClosing: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("practice_development_rollouts").addColumn("closed_at", "text").execute();
    await db.schema.alterTable("practice_development_rollouts").addColumn("closed_by", "integer").execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("practice_development_rollouts").dropColumn("closed_by").execute();
    await db.schema.alterTable("practice_development_rollouts").dropColumn("closed_at").execute();
  },
};
