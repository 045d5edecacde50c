import { type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The forms that add a record each time (a CPD entry, a payment into the levy ledger) carry a one-time
 * token, kept here once its form is saved, so a second click or a resent form saves nothing twice. The
 * token names no person; tokens older than a week are removed as new ones arrive.
 */
export const submittedForms: Migration = {
  async up(db: AnyDb) {
    await db.schema
      .createTable("submitted_forms")
      .addColumn("token", "text", (c) => c.primaryKey())
      .addColumn("submitted_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("submitted_forms_by_time").on("submitted_forms").column("submitted_at").execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("submitted_forms").execute();
  },
};
