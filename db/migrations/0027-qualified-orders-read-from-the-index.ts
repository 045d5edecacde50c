import { sql, type Kysely, type Migration } from "kysely";
import { isPostgres } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * `/admin/people` cuts a page as ids read through the order's index (`pageIds`). PostgreSQL reads an
 * index without its table only if the index holds every column the query names, and for an index on an
 * expression that means the columns inside it too: 0019's qualified-date indexes hold
 * `coalesce(qualification_date, …)` but not `qualification_date`, so each id cost a read of its row, and
 * past a few thousand rows PostgreSQL sorted everyone instead (page 2,000 at national scale: 250 to 400 ms,
 * the sort spilling to disk). Carrying the date in the index (INCLUDE) lets the ids come from the index
 * alone (about 15 ms). SQLite already reads the expression from the index, and has no INCLUDE.
 */
const ORDERS = [
  ["people_qualified_order_idx", sql`coalesce(qualification_date, '9999-12-31'), family_name, id`],
  ["people_qualified_order_desc_idx", sql`coalesce(qualification_date, '9999-12-31') desc, family_name, id`],
] as const;

export const qualifiedOrdersReadFromTheIndex: Migration = {
  async up(db: AnyDb) {
    if (!isPostgres(db)) return;
    for (const [name, columns] of ORDERS) {
      await db.schema.dropIndex(name).execute();
      await sql`create index ${sql.id(name)} on people (${columns}) include (qualification_date)`.execute(db);
    }
  },
  async down(db: AnyDb) {
    if (!isPostgres(db)) return;
    for (const [name, columns] of ORDERS) {
      await db.schema.dropIndex(name).execute();
      await sql`create index ${sql.id(name)} on people (${columns})`.execute(db);
    }
  },
};
