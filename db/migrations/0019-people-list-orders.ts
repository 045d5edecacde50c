import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * `/admin/people` sorted by role or by qualified date read and sorted everyone (62,579 people at
 * national scale, 54–100 ms) to show 25. With the order in an index, the database reads the first 25 in
 * order and stops (about 1 ms). Names within a role or a date always read A to Z, so a descending sort
 * needs its own index with only its first column descending: an index read backwards would reverse the
 * names too. The name sort needs none: people_name_idx serves it both ways (`orderOf` in people.server.ts).
 */
const ORDERS = [
  ["people_role_order_idx", sql`role_category, family_name, given_name, id`],
  ["people_role_order_desc_idx", sql`role_category desc, family_name, given_name, id`],
  ["people_qualified_order_idx", sql`coalesce(qualification_date, '9999-12-31'), family_name, id`],
  ["people_qualified_order_desc_idx", sql`coalesce(qualification_date, '9999-12-31') desc, family_name, id`],
] as const;

export const peopleListOrders: Migration = {
  async up(db: AnyDb) {
    for (const [name, columns] of ORDERS) await sql`create index ${sql.id(name)} on people (${columns})`.execute(db);
  },
  async down(db: AnyDb) {
    for (const [name] of ORDERS) await db.schema.dropIndex(name).execute();
  },
};
