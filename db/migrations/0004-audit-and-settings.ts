import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const auditAndSettings: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("audit_events"))
      .addColumn("occurred_at", "text", (c) => c.notNull())
      .addColumn("actor_user_id", "integer")
      .addColumn("actor_person_id", "integer")
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("subject_type", "text", (c) => c.notNull())
      .addColumn("subject_id", "text", (c) => c.notNull())
      .addColumn("person_id", "integer")
      .addColumn("before_json", "text")
      .addColumn("after_json", "text")
      .execute();
    await db.schema.createIndex("audit_events_time_idx").on("audit_events").columns(["occurred_at", "id"]).execute();
    await db.schema.createIndex("audit_events_person_idx").on("audit_events").columns(["person_id", "occurred_at"]).execute();
    await db.schema.createIndex("audit_events_actor_idx").on("audit_events").columns(["actor_person_id", "occurred_at"]).execute();

    // The audit trail is append-only: the database itself refuses to change or remove an event.
    if (isPostgres(db)) {
      await sql`create function audit_events_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_events is append-only'; end $$`.execute(db);
      await sql`create trigger audit_events_no_change before update or delete on audit_events
        for each row execute function audit_events_append_only()`.execute(db);
    } else {
      await sql`create trigger audit_events_no_update before update on audit_events
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
      await sql`create trigger audit_events_no_delete before delete on audit_events
        begin select raise(abort, 'audit_events is append-only'); end`.execute(db);
    }

    await db.schema
      .createTable("settings")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("value_json", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("settings").execute();
    if (isPostgres(db)) await sql`drop function audit_events_append_only cascade`.execute(db);
    await db.schema.dropTable("audit_events").execute();
  },
};
