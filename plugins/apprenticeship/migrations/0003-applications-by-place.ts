import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * The list and counts of apprentices leave out a place held by an offer nobody has answered, asked of each
 * place in an `exists` on the application that gave it (server/progress.server.ts). Without an index on the
 * place, each row of the list read every application.
 */
export const applicationsByPlace: Migration = {
  async up(db: AnyDb) {
    await db.schema.createIndex("apprenticeship_applications_enrolment_idx").on("apprenticeship_applications").column("enrolment_id").execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("apprenticeship_applications_enrolment_idx").execute();
  },
};
