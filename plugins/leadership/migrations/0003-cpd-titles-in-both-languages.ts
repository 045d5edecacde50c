import type { Kysely, Migration } from "kysely";
import { chunks } from "../../../app/services/readiness.server";
import { PLUGIN_ID } from "../programme";
import { completionRef, completionTitles } from "../server/learner.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** The two places a completion's title is written, each keyed by `source` and `source_ref`. */
const TITLED_TABLES = ["cpd_entries", "evidence_offers"] as const;

/** The `source_ref` of the completions still titled in one language, in either table, once each. */
async function refsTitledInOneLanguage(db: AnyDb): Promise<string[]> {
  const [first, second] = TITLED_TABLES.map((table) => db.selectFrom(table).select("source_ref").where("source", "=", PLUGIN_ID).where("title_cy", "is", null));
  const rows: { source_ref: string | null }[] = await first.union(second).execute();
  return rows.map((r) => r.source_ref).filter((ref): ref is string => ref !== null);
}

/**
 * Those refs grouped by the name of the cohort completed, which is all the title depends on. A ref whose
 * enrolment cannot be found is left out: there is no cohort to word its title with.
 */
async function refsByCohortName(db: AnyDb, refs: string[]): Promise<Map<string, string[]>> {
  const enrolmentIds = refs.map((ref) => /^enrolment:(\d+)$/.exec(ref)).flatMap((match) => (match ? [Number(match[1])] : []));
  const byName = new Map<string, string[]>();
  for (const ids of chunks(enrolmentIds)) {
    const rows: { id: number; name: string }[] = await db
      .selectFrom("enrolments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["e.id", "c.name"])
      .where("e.id", "in", ids)
      .where("c.programme_id", "=", PLUGIN_ID)
      .execute();
    for (const row of rows) {
      const refsOfName = byName.get(row.name) ?? [];
      refsOfName.push(completionRef(Number(row.id)));
      byName.set(row.name, refsOfName);
    }
  }
  return byName;
}

/**
 * A Level 5 completion's CPD entry and NAAS evidence offers were titled in the language of whoever
 * recorded it, so one recorded by a Welsh-speaking L&D officer read in Welsh to an English reader; since
 * core migration 0014 a completion writes both titles. Those written before (no `title_cy`) are given
 * both, worded as a completion words them now, from the name of the cohort their enrolment
 * (`source_ref`) was on. National scale has tens of thousands, so there is one update a cohort name and
 * table (in batches of refs), never one a row. Titles that already have their Welsh, completions whose
 * enrolment is gone, and anything another source wrote are left as they are.
 */
export const cpdTitlesInBothLanguages: Migration = {
  async up(db: AnyDb) {
    const byName = await refsByCohortName(db, await refsTitledInOneLanguage(db));
    for (const [name, refs] of byName) {
      const titles = completionTitles(name);
      for (const batch of chunks(refs)) {
        for (const table of TITLED_TABLES) {
          await db.updateTable(table).set(titles).where("source", "=", PLUGIN_ID).where("source_ref", "in", batch).where("title_cy", "is", null).execute();
        }
      }
    }
  },
  // Nothing to undo: which language each one-language title was in is not kept, and both titles are
  // harmless to code that reads only `title`.
  async down() {},
};
