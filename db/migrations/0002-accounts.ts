import type { Kysely, Migration } from "kysely";
import { ROLES } from "../../plugins/sdk";
import { oneOf, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const accounts: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("users"))
      .addColumn("person_id", "integer", (c) => c.notNull().unique().references("people.id"))
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("password_hash", "text", (c) => c.notNull())
      .addColumn("disabled", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("created_at", "text", (c) => c.notNull())
      .execute();

    await db.schema
      .createTable("user_roles")
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("role", "text", (c) => c.notNull().check(oneOf("role", ROLES)))
      .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
      .execute();

    await db.schema
      .createTable("auth_sessions")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("user_id", "integer", (c) => c.notNull().references("users.id").onDelete("cascade"))
      .addColumn("expires_at", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("auth_sessions_user_idx").on("auth_sessions").column("user_id").execute();
    await db.schema.createIndex("auth_sessions_expiry_idx").on("auth_sessions").column("expires_at").execute();

    await db.schema
      .createTable("login_attempts")
      .addColumn("key", "text", (c) => c.primaryKey())
      .addColumn("failures", "integer", (c) => c.notNull())
      .addColumn("last_failed_at", "text", (c) => c.notNull())
      .addColumn("blocked_until", "text")
      .execute();
  },
  async down(db: AnyDb) {
    for (const table of ["login_attempts", "auth_sessions", "user_roles", "users"]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
