import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The hours a year is worked at, fixed when it starts: a later change to the person's contract no longer
 * moves the end and the review dates of a year already under way (or decided). Existing years take the
 * person's hours today.
 */
export const yearFte: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("asye_years").addColumn("fte", "real").execute();
    await sql`update asye_years set fte = (select p.fte from people p where p.id = asye_years.person_id)`.execute(db);
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("asye_years").dropColumn("fte").execute();
  },
};
