// Portable column helpers for migrations, so one migration runs on SQLite and PostgreSQL alike.
import { PostgresAdapter, sql, type CreateTableBuilder, type Kysely } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An auto-numbered integer primary key: INTEGER PRIMARY KEY AUTOINCREMENT or an identity column. */
export function withIdColumn<T extends string>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  table: CreateTableBuilder<T, never>,
): CreateTableBuilder<T, "id"> {
  return isPostgres(db)
    ? table.addColumn("id", "integer", (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : table.addColumn("id", "integer", (c) => c.primaryKey().autoIncrement());
}

/** A CHECK that a text column holds one of a fixed list of codes. */
export function oneOf(column: string, values: readonly string[]) {
  if (!/^[a-z_]+$/.test(column) || values.some((v) => !/^[a-z0-9_]+$/.test(v))) {
    throw new Error(`oneOf takes plain identifiers, not ${column} / ${values.join(",")}`);
  }
  return sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);
}

/** A CHECK written as SQL that both engines accept. Only for constant text in migrations. */
export const check = (expression: string) => sql.raw(expression);
