import type { Kysely, Migration } from "kysely";
import { withIdColumn } from "../../plugins/sdk/migrations";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * Evidence one programme offers another without either importing the other: a completed course or
 * programme, tagged with the framework statements it speaks to ("kss-practitioner:6"). The programme
 * that keeps the framework decides what to do with the offer.
 */
export const evidenceOffers: Migration = {
  async up(db: AnyDb) {
    await withIdColumn(db, db.schema.createTable("evidence_offers"))
      .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
      .addColumn("source", "text", (c) => c.notNull())
      .addColumn("source_ref", "text", (c) => c.notNull())
      .addColumn("statement_ref", "text", (c) => c.notNull())
      .addColumn("title", "text", (c) => c.notNull())
      .addColumn("occurred_on", "text", (c) => c.notNull())
      .addColumn("created_at", "text", (c) => c.notNull())
      .addUniqueConstraint("evidence_offers_once", ["person_id", "source", "source_ref", "statement_ref"])
      .execute();
    await db.schema.createIndex("evidence_offers_person_idx").on("evidence_offers").columns(["person_id", "statement_ref"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropTable("evidence_offers").execute();
  },
};
