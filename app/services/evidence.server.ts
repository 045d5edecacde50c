// Evidence offered across programmes through the core: one programme records that a person's
// completion speaks to framework statements; another (the one keeping the framework) reads the offers.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "../utils/db.server";
import type { Locale } from "../utils/i18n";
import { chunks } from "./readiness.server";

export interface EvidenceOffer {
  personId: number;
  /** The offering plugin's id. */
  source: string;
  /** What was completed, unique within the source, e.g. "enrolment:42". */
  sourceRef: string;
  /** Framework code and statement number, e.g. "kss-practitioner:6". */
  statementRefs: string[];
  /** What was completed, in English when the programme words it (and then in Welsh in `titleCy`). */
  title: string;
  titleCy?: string;
  occurredOn: string;
}

/** Records offers; offering the same thing twice changes nothing. */
export async function offerEvidence(offer: EvidenceOffer, executor: Kysely<Database> = db()) {
  await offerEvidenceToMany([offer], executor);
}

// Rows a statement holds: SQLite refuses more than 32,766 parameters in one statement.
const OFFERS_PER_STATEMENT = 500;

/**
 * Records the offers of many people at once (a run's completion for hundreds of learners), in a few
 * statements rather than one for each person and statement; offering the same thing twice changes nothing.
 */
export async function offerEvidenceToMany(offers: EvidenceOffer[], executor: Kysely<Database> = db()) {
  const createdAt = new Date().toISOString();
  const rows = offers.flatMap((offer) =>
    offer.statementRefs.map((statementRef) => ({ person_id: offer.personId, source: offer.source, source_ref: offer.sourceRef, statement_ref: statementRef, title: offer.title, title_cy: offer.titleCy ?? null, occurred_on: offer.occurredOn, created_at: createdAt })),
  );
  for (const batch of chunks(rows, OFFERS_PER_STATEMENT)) {
    await executor
      .insertInto("evidence_offers")
      .values(batch)
      .onConflict((oc) => oc.columns(["person_id", "source", "source_ref", "statement_ref"]).doNothing())
      .execute();
  }
}

/** An offer's title in the reader's language, where the programme gave one. */
export const offerTitle = (offer: { title: string; title_cy: string | null }, locale: Locale) => (locale === "cy" && offer.title_cy ? offer.title_cy : offer.title);

/** The offers for some people and statements, in one query. */
export async function evidenceOffersFor(personIds: number[], statementRefs: string[]) {
  if (personIds.length === 0 || statementRefs.length === 0) return [];
  return db().selectFrom("evidence_offers").selectAll().where("person_id", "in", personIds).where("statement_ref", "in", statementRefs).orderBy("occurred_on", "desc").execute();
}
