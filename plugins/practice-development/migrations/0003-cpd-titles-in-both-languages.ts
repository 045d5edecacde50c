import type { Kysely, Migration } from "kysely";
import { cpdTitles, type CpdTitles } from "../../../app/services/cpd.server";
import { PLUGIN_ID } from "../programme";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** How server/briefings/briefings.server.ts keys a confirmation's CPD entry: the briefing and the version read. */
const CONFIRMATION_REF = /^briefing:\d+:v(\d+)$/;

/**
 * The endings a confirmation's title was written with before: "(version 2)" in English, and in Welsh
 * "(fersiwn 2)" once the Welsh locale had its own wording (before that Welsh readers got the English).
 * These are what is stored, so they are fixed here rather than read from today's locales.
 */
const writtenEndings = (version: number) => [` (version ${version})`, ` (fersiwn ${version})`];

/** The briefing's title as it was when the person confirmed, or undefined for a title we did not word. */
function briefingTitleIn(written: string, version: number): string | undefined {
  const ending = writtenEndings(version).find((e) => written.length > e.length && written.endsWith(e));
  return ending ? written.slice(0, -ending.length) : undefined;
}

interface Rewording {
  sourceRef: string;
  titles: CpdTitles;
  /** The one-language titles this replaces: the English and the Welsh wording of the same confirmation. */
  written: string[];
}

/**
 * The CPD entry written on confirming a briefing was titled in the language of the person confirming, so
 * one confirmed in Welsh read in Welsh to an English reader; since core migration 0014 a confirmation
 * writes both titles. Those written before (no `title_cy`) are given both, worded as a confirmation words
 * them now. The briefing's title is taken from the entry itself, not from the briefing as it is today: a
 * confirmation is titled with the briefing's title at the time and is not renamed when the briefing is,
 * and a title corrected without a new version leaves two titles under one source_ref. Everyone who
 * confirmed the same version under the same title shares one pair of titles, so there is one update per
 * distinct version and title, however many people confirmed. A title in neither wording (not one this
 * plugin wrote), entries that already have their Welsh title, and anything another source wrote are left
 * as they are.
 */
export const cpdTitlesInBothLanguages: Migration = {
  async up(db: AnyDb) {
    for (const { sourceRef, titles, written } of await rewordings(db)) {
      await db
        .updateTable("cpd_entries")
        .set(titles)
        .where("source", "=", PLUGIN_ID)
        .where("source_ref", "=", sourceRef)
        .where("title", "in", written)
        .where("title_cy", "is", null)
        .execute();
    }
  },
  // Nothing to undo: which language each one-language title was in is not kept, and both titles are
  // harmless to code that reads only `title`.
  async down() {},
};

/** Each distinct confirmation still in one language, with the pair of titles it gets. */
async function rewordings(db: AnyDb): Promise<Rewording[]> {
  const rows: { source_ref: string | null; title: string }[] = await db
    .selectFrom("cpd_entries")
    .select(["source_ref", "title"])
    .distinct()
    .where("source", "=", PLUGIN_ID)
    .where("title_cy", "is", null)
    .execute();
  const byTitles = new Map<string, Rewording>();
  for (const row of rows) {
    const version = Number(CONFIRMATION_REF.exec(row.source_ref ?? "")?.[1]);
    const briefingTitle = version ? briefingTitleIn(row.title, version) : undefined;
    if (!row.source_ref || briefingTitle === undefined) continue;
    const key = JSON.stringify([row.source_ref, briefingTitle]);
    const known = byTitles.get(key);
    if (known) known.written.push(row.title);
    else byTitles.set(key, { sourceRef: row.source_ref, titles: cpdTitles(PLUGIN_ID, (t) => t("confirm.cpdTitle", { title: briefingTitle, version })), written: [row.title] });
  }
  return [...byTitles.values()];
}
