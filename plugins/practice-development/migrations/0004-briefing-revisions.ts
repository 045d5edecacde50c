import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A briefing's revision, one up on every save (a correction or a new version), and who saved it last. The
 * edit form carries the revision it showed, so a save made from a page that is out of date is refused
 * rather than silently replacing someone else's correction, and the refusal can say who made it and
 * when (`updated_at`). Existing briefings start at revision 1; who last saved them is not known.
 */
export const briefingRevisions: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("practice_development_briefings").addColumn("revision", "integer", (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable("practice_development_briefings").addColumn("updated_by", "integer").execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("practice_development_briefings").dropColumn("updated_by").execute();
    await db.schema.alterTable("practice_development_briefings").dropColumn("revision").execute();
  },
};
