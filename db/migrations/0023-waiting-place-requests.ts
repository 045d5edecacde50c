import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The place requests waiting for a decision, by person. L&D's count on `/admin` and their list at
 * `/admin/requests` start from everyone with a waiting request, to find those with no manager on the
 * portal; without an index that read all 883,688 enrolments at national scale (about 35 ms, every time
 * `/admin` was drawn) to find a handful. A partial index holds only the waiting ones, on both engines.
 */
export const waitingPlaceRequests: Migration = {
  async up(db: AnyDb) {
    await sql`create index enrolments_requested_idx on enrolments (person_id) where status = 'requested'`.execute(db);
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("enrolments_requested_idx").execute();
  },
};
