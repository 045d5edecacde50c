// Which tables are about a person, read from the migrated schema rather than from a list of names: every
// foreign key, on either engine, and the columns that hold a person's or an account's id without one.
// A table is about a person when it has a `person_id` pointing at `people` (the schema's convention for
// "whose record this is"), or, without one, when it points at exactly one row that is itself about a
// person: an attendance mark through its place, an ASYE review through its year, a score through its
// application. Every other column that points at a person, or at a row about one, is only naming them.
import { sql, type RawBuilder } from "kysely";
import { db } from "../../app/utils/db.server";
import { onPostgres } from "./test-database";

/** One column pointing at another table's row. */
export interface Reference {
  table: string;
  column: string;
  target: string;
  targetColumn: string;
}

export type Row = Record<string, unknown>;

export const PEOPLE = "people";

/** A column that points at a person or a row about one, as `table.column`. */
export const nameOf = (reference: Pick<Reference, "table" | "column">) => `${reference.table}.${reference.column}`;

export async function tableColumns(): Promise<Map<string, string[]>> {
  const tables = await db().introspection.getTables();
  return new Map(tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
}

/** Every foreign key of the migrated database, one row for each column of it. */
export async function foreignKeys(): Promise<Reference[]> {
  if (onPostgres()) {
    const result = await sql<Reference>`
      select src.relname as "table", src_col.attname as "column", dst.relname as "target", dst_col.attname as "targetColumn"
      from pg_constraint c
      join pg_class src on src.oid = c.conrelid
      join pg_class dst on dst.oid = c.confrelid
      cross join lateral unnest(c.conkey, c.confkey) as k(src_num, dst_num)
      join pg_attribute src_col on src_col.attrelid = c.conrelid and src_col.attnum = k.src_num
      join pg_attribute dst_col on dst_col.attrelid = c.confrelid and dst_col.attnum = k.dst_num
      where c.contype = 'f' and src.relnamespace = current_schema()::regnamespace`.execute(db());
    return result.rows;
  }
  const references: Reference[] = [];
  for (const table of (await tableColumns()).keys()) {
    const keys = await sql<{ from: string; table: string; to: string }>`select "from", "table", "to" from pragma_foreign_key_list(${table})`.execute(db());
    references.push(...keys.rows.map((k) => ({ table, column: k.from, target: k.table, targetColumn: k.to })));
  }
  return references;
}

/** The link from a table about a person towards that person: straight to `people`, or to a row about them. */
export type Subjects = Map<string, Reference>;

/**
 * The link of each table about a person. Tables reached only through rows about no one (a briefing, an
 * audit finding) are not about a person, even when those rows name who made them.
 */
export function subjectsOf(references: Reference[]): Subjects {
  const subjects: Subjects = new Map([[PEOPLE, { table: PEOPLE, column: "id", target: PEOPLE, targetColumn: "id" }]]);
  for (const r of references) if (r.column === "person_id" && r.target === PEOPLE) subjects.set(r.table, r);
  // Which tables are about a person through chains of rows, however long, before choosing each one's link,
  // so a table pointing at two such rows is found whichever order they are reached in.
  const about = new Set(subjects.keys());
  for (let added = true; added; ) {
    added = false;
    for (const r of references) {
      if (r.target === PEOPLE || !about.has(r.target) || about.has(r.table)) continue;
      about.add(r.table);
      added = true;
    }
  }
  for (const table of about) {
    if (subjects.has(table)) continue;
    const links = references.filter((r) => r.table === table && r.target !== PEOPLE && about.has(r.target));
    if (links.length > 1) throw new Error(`${table} points at rows about a person through ${links.map((l) => l.column).join(" and ")}: say which is whose record it is`);
    subjects.set(table, links[0]);
  }
  return subjects;
}

/** Every column that names a person (or a row about one) without being the link to whose record the row is. */
export function namingColumns(references: Reference[], subjects: Subjects): string[] {
  const isLink = (r: Reference) => subjects.get(r.table)?.column === r.column;
  return references.filter((r) => subjects.has(r.target) && !isLink(r)).map(nameOf).sort();
}

const ref = (table: string, column: string) => sql.ref(`${table}.${column}`);

/** Whom each row of `table` is about, as an expression over it, however far the chain. */
export function personOfRow(subjects: Subjects, table: string): RawBuilder<unknown> {
  const link = subjects.get(table)!;
  if (link.target === PEOPLE) return sql`${ref(table, link.column)}`;
  return sql`(select ${personOfRow(subjects, link.target)} from ${sql.table(link.target)} where ${ref(link.target, link.targetColumn)} = ${ref(table, link.column)})`;
}

/** Each row of `table` about a person, with whom it is about. */
export async function rowsAboutPeople(subjects: Subjects, table: string): Promise<{ personId: number; row: Row }[]> {
  const rows = await sql<Row & { about_person: unknown }>`
    select * from (select ${sql.table(table)}.*, ${personOfRow(subjects, table)} as about_person from ${sql.table(table)}) as held
    where about_person is not null`.execute(db());
  return rows.rows.map(({ about_person, ...row }) => ({ personId: Number(about_person), row }));
}
