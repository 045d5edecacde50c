// One statement for one person: its evidence (including what carries over from older versions of the
// framework) and the completions other programmes offer as evidence that are still to be decided.
import { evidenceOffersFor, offerTitle } from "../../../app/services/evidence.server";
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import type { Track } from "../programme";
import { naasDb } from "./db.server";
import { carriedFrom } from "./frameworks.server";
import { localTitle, type NaasPicture } from "./picture.server";

/**
 * The person's state on a statement of a framework in force on a track open to them, or undefined. A track
 * is open while they are eligible for it, and stays open to read once begun (the home page lists its
 * statements then too); `eligible` says whether it may still be changed.
 */
export function statementOnOpenTrack(picture: NaasPicture, statementId: number) {
  for (const entry of picture.tracks) {
    const open = entry.eligibility.eligible || entry.candidate !== undefined || entry.assessment?.started;
    const state = entry.assessment?.statements.find((s) => s.statement.id === statementId);
    if (open && state) return { track: entry.track as Track, state, eligible: entry.eligibility.eligible };
  }
  return undefined;
}

/** The references ("kss-practitioner:6") of a statement and of the earlier statements it continues. */
export async function statementRefs(statementId: number) {
  const ids = [statementId, ...((await carriedFrom([statementId])).get(statementId) ?? [])];
  const rows = await naasDb().selectFrom("naas_statements as s").innerJoin("naas_frameworks as f", "f.id", "s.framework_id").select(["f.code", "s.number"]).where("s.id", "in", ids).execute();
  return rows.map((r) => `${r.code}:${r.number}`);
}

/**
 * Evidence in the reader's words: an accepted offer is titled from the offer, which keeps both languages,
 * so it reads in the reader's language whichever language it was accepted in (its stored copy was once the
 * accepting reader's wording). Evidence the person wrote reads as they wrote it.
 */
const evidenceWording = (row: { reflection: string; offer_title: string | null; offer_title_cy: string | null }, locale: Locale) =>
  row.offer_title === null ? row.reflection : offerTitle({ title: row.offer_title, title_cy: row.offer_title_cy }, locale);

export async function statementEvidence(personId: number, statementId: number, locale: Locale) {
  const carried = (await carriedFrom([statementId])).get(statementId) ?? [];
  const ids = [statementId, ...carried];
  const rows = await naasDb()
    .selectFrom("naas_evidence as e")
    .innerJoin("naas_statements as s", "s.id", "e.statement_id")
    .innerJoin("naas_frameworks as f", "f.id", "s.framework_id")
    .leftJoin("evidence_offers as o", "o.id", "e.offer_id")
    .select(["e.id", "e.statement_id", "e.occurred_on", "e.kind", "e.reflection", "e.offer_id", "s.number", "f.title", "f.title_cy", "f.version", "f.code", "o.title as offer_title", "o.title_cy as offer_title_cy"])
    .where("e.person_id", "=", personId)
    .where("e.statement_id", "in", ids)
    .orderBy("e.occurred_on", "desc")
    .orderBy("e.id", "desc")
    .execute();
  const evidence = rows.map((r) => ({
    id: r.id,
    date: formatDate(r.occurred_on, locale),
    kind: r.kind,
    reflection: evidenceWording(r, locale),
    fromOffer: r.offer_id !== null,
    carriedFrom: r.statement_id === statementId ? null : { framework: localTitle(r, locale), version: r.version, number: r.number },
  }));
  const offers = await evidenceOffersFor([personId], await statementRefs(statementId));
  const decided = offers.length
    ? new Set((await naasDb().selectFrom("naas_offer_decisions").select("offer_id").where("statement_id", "=", statementId).where("offer_id", "in", offers.map((o) => o.id)).execute()).map((d) => d.offer_id))
    : new Set<number>();
  return {
    evidence,
    offers: offers.filter((o) => !decided.has(o.id)).map((o) => ({ id: o.id, title: offerTitle(o, locale), source: o.source, date: formatDate(o.occurred_on, locale) })),
  };
}
