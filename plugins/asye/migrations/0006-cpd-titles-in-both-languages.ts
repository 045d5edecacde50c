import type { Kysely, Migration } from "kysely";
import { cpdTitles } from "../../../app/services/cpd.server";
import { PLUGIN_ID } from "../programme";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The one CPD entry a pass writes, as server/decisions.server.ts keys it. */
const PASSED_REF = "asye-passed";

/**
 * A pass's CPD entry was titled in the language of whoever recorded the decision, so a pass recorded by a
 * Welsh-speaking L&D officer read in Welsh to an English reader; since core migration 0014 a pass writes
 * both titles. Those written before (no `title_cy`) are given both, worded as a pass words them now: the
 * title is the same for everyone, so one update covers them all, however many there are. Entries that
 * already have their Welsh title, and anything another source wrote, are left as they are.
 */
export const cpdTitlesInBothLanguages: Migration = {
  async up(db: AnyDb) {
    const titles = cpdTitles(PLUGIN_ID, (t) => t("decision.cpdTitle"));
    await db.updateTable("cpd_entries").set(titles).where("source", "=", PLUGIN_ID).where("source_ref", "=", PASSED_REF).where("title_cy", "is", null).execute();
  },
  // Nothing to undo: which language each one-language title was in is not kept, and both titles are
  // harmless to code that reads only `title`.
  async down() {},
};
