import type { Kysely, Migration } from "kysely";
import { PLUGIN_ID, TRACKS } from "../programme";
import { accreditationRef, outcomeTitles } from "../server/journey.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/**
 * An accreditation's CPD entry was titled in the language of whoever recorded the outcome, so one recorded
 * by a Welsh-speaking L&D officer read in Welsh to an English reader; since core migration 0014 an outcome
 * writes both titles. Those written before (no `title_cy`) are given both, worded as recording the outcome
 * words them now. The title depends only on the track, which the entry's `source_ref` names, so one update
 * a track covers them all, however many there are. Entries that already have their Welsh title, entries
 * for a track no longer known, and anything another source wrote are left as they are.
 */
export const cpdTitlesInBothLanguages: Migration = {
  async up(db: AnyDb) {
    for (const track of TRACKS) {
      await db
        .updateTable("cpd_entries")
        .set(outcomeTitles(track))
        .where("source", "=", PLUGIN_ID)
        .where("source_ref", "=", accreditationRef(track))
        .where("title_cy", "is", null)
        .execute();
    }
  },
  // Nothing to undo: which language each one-language title was in is not kept, and both titles are
  // harmless to code that reads only `title`.
  async down() {},
};
