import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A ledger entry typed wrongly (£100,000 for £10,000) is corrected by a reversal: a new row of the same kind,
 * date and amount that names the entry it reverses (`reverses_id`) and why (`reason`), so the ledger only
 * ever grows and the mistake stays on it (server/ledger.server.ts). One reversal an entry at most, held by a
 * unique index as well as under the ledger's lock; an index allows any number of entries not reversing one.
 * `reverses_id` has no foreign key: a row pointing at another row about a person would read to the personal
 * data check as naming someone else, where it is the same entry's own correction; rows are never deleted.
 */
export const ledgerReversals: Migration = {
  async up(db: AnyDb) {
    // One column at a time: SQLite adds one an ALTER TABLE.
    await db.schema.alterTable("apprenticeship_ledger").addColumn("reverses_id", "integer").execute();
    await db.schema.alterTable("apprenticeship_ledger").addColumn("reason", "text").execute();
    await db.schema.createIndex("apprenticeship_ledger_reverses_idx").unique().on("apprenticeship_ledger").column("reverses_id").execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("apprenticeship_ledger_reverses_idx").execute();
    await db.schema.alterTable("apprenticeship_ledger").dropColumn("reason").execute();
    await db.schema.alterTable("apprenticeship_ledger").dropColumn("reverses_id").execute();
  },
};
