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
 * titles from outside catalogues (Research in Practice's courses).
 */
export const programmeTitlesInWelsh: Migration = {
  async up(db: AnyDb) {
    await db.schema.alterTable("cpd_entries").addColumn("title_cy", "text").execute();
    await db.schema.alterTable("evidence_offers").addColumn("title_cy", "text").execute();
  },
  async down(db: AnyDb) {
    await db.schema.alterTable("evidence_offers").dropColumn("title_cy").execute();
    await db.schema.alterTable("cpd_entries").dropColumn("title_cy").execute();
  },
};
