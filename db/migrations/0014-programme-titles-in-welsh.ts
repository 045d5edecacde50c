import type { Kysely, Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * A programme writes a CPD entry when someone completes it (Level 5, the apprenticeship, an ASYE pass, a
 * NAAS outcome, a briefing), and Level 5 also offers the completion as NAAS evidence. Their titles were
 * worded in the language of whoever recorded it: a Welsh-speaking L&D officer's pass read in Welsh to an
 * English reader. Programmes now write the title in English (`title`) and in Welsh (`title_cy`), and the
 * pages show the reader's. Each programme's own migration then words the titles it wrote before in both
 * (it alone knows its wording). A person's own entries have one title, in the words they chose, as do
 * titles from outside catalogues (Research in Practice's courses). Those migrations find a programme's
 * entries by `source` and `source_ref`, which no index began with: each update read the whole table.
 */
export const programmeTitlesInWelsh: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("cpd_entries").addColumn("title_cy", "text").execute();
    await db.schema.alterTable("evidence_offers").addColumn("title_cy", "text").execute();
    await db.schema.createIndex("cpd_entries_source_idx").on("cpd_entries").columns(["source", "source_ref"]).execute();
    await db.schema.createIndex("evidence_offers_source_idx").on("evidence_offers").columns(["source", "source_ref"]).execute();
  },
  async down(db: AnyDb) {
    await db.schema.dropIndex("evidence_offers_source_idx").execute();
    await db.schema.dropIndex("cpd_entries_source_idx").execute();
    await db.schema.alterTable("evidence_offers").dropColumn("title_cy").execute();
    await db.schema.alterTable("cpd_entries").dropColumn("title_cy").execute();
  },
};
