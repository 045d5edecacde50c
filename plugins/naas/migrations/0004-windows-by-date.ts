import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * L&D's list of assessment windows is paged latest first, with the id breaking a tie between windows on the
 * same day. The windows' only index led with the track, so each page sorted every window ever set; this one
 * gives the page in order, reading only its rows.
 */
export const windowsByDate: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex("naas_windows_knowledge_on_idx").on("naas_windows").columns(["knowledge_on", "id"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("naas_windows_knowledge_on_idx").execute();
  },
};
