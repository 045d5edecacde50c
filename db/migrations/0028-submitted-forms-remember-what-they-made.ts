import { type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A form's one-time token keeps the id of the record its first send made, written in the transaction that
 * made it, so the same form sent again lands on that record rather than on one guessed from the form's
 * values (two cohorts L&D made alike on purpose are told apart). Text, as some records' ids are. Tokens
 * kept from before this migration made nothing the column knows of: left empty.
 */
export const submittedFormsRememberWhatTheyMade: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("submitted_forms").addColumn("made_id", "text").execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("submitted_forms").dropColumn("made_id").execute();
  },
};
