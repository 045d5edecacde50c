import type { Kysely, Migration } from "kysely";
import { withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** Who asked for a place and why an ineligible person was let in; notices shown on a person's /me. */
export const enrolmentRequestsAndNotices: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("enrolments").addColumn("requested_by", "integer", (c) => c.references("people.id")).execute();
    await db.schema.alterTable("enrolments").addColumn("override_reason", "text").execute();
    await db.schema.createIndex("enrolments_waitlist_idx").on("enrolments").columns(["cohort_id", "status", "waitlist_position"]).execute();

    await withIdColumn(db, db.schema.createTable("notices"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("message_key", "text", (c) => c.notNull())
      .addColumn("values_json", "text", (c) => c.notNull())
      .addColumn("href", "text")
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("dismissed_at", "text")
      .execute();
    await db.schema.createIndex("notices_person_idx").on("notices").columns(["person_id", "dismissed_at", "created_at"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("notices").execute();
    await db.schema.dropIndex("enrolments_waitlist_idx").execute();
    await db.schema.alterTable("enrolments").dropColumn("override_reason").execute();
    await db.schema.alterTable("enrolments").dropColumn("requested_by").execute();
  },
};
