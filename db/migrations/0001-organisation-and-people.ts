import type { Kysely, Migration } from "kysely";
import { check, oneOf, withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export const organisationAndPeople: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("org_units"))
      .addColumn("parent_id", "integer", (c) => c.references("org_units.id"))
      .addColumn("kind", "text", (c) => c.notNull().check(oneOf("kind", ["locality", "service", "team"])))
      .addColumn("code", "text", (c) => c.notNull().unique())
      .addColumn("name", "text", (c) => c.notNull())
      .execute();
    await db.schema.createIndex("org_units_parent_idx").on("org_units").column("parent_id").execute();
    await db.schema.createIndex("org_units_name_idx").on("org_units").columns(["kind", "name"]).execute();

    await withIdColumn(db, db.schema.createTable("people"))
      .addColumn("employee_number", "text", (c) => c.notNull().unique())
      .addColumn("given_name", "text", (c) => c.notNull())
      .addColumn("family_name", "text", (c) => c.notNull())
      .addColumn("email", "text", (c) => c.notNull().unique())
      .addColumn("job_title", "text", (c) => c.notNull())
      .addColumn("role_category", "text", (c) => c.notNull())
      .addColumn("team_id", "integer", (c) => c.notNull().references("org_units.id"))
      .addColumn("line_manager_id", "integer", (c) => c.references("people.id"))
      .addColumn("fte", "real", (c) => c.notNull().check(check("fte > 0 and fte <= 1")))
      .addColumn("employment_start", "text", (c) => c.notNull())
      .addColumn("qualification_date", "text")
      .addColumn("registration_number", "text")
      .addColumn("registration_expiry", "text")
      .addColumn("employment_status", "text", (c) => c.notNull().defaultTo("active"))
      .addColumn("search_text", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addColumn("updated_at", "text", (c) => c.notNull())
      .addCheckConstraint("people_not_own_manager", check("line_manager_id is null or line_manager_id <> id"))
      .execute();
    await db.schema.createIndex("people_team_idx").on("people").columns(["team_id", "family_name", "given_name"]).execute();
    await db.schema.createIndex("people_manager_idx").on("people").column("line_manager_id").execute();
    await db.schema.createIndex("people_role_idx").on("people").columns(["role_category", "team_id"]).execute();
    await db.schema.createIndex("people_name_idx").on("people").columns(["family_name", "given_name", "id"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("people").execute();
    await db.schema.dropTable("org_units").execute();
  },
};

