// The NAAS plugin's tables, typed for Kysely alongside the host's.
import type { Generated, Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../app/utils/db.server";
import type { EvidenceKind, Track } from "../programme";

export interface NaasTables {
  naas_frameworks: { id: Generated<number>; code: string; track: Track; version: string; title: string; title_cy: string; valid_from: string; valid_to: string | null; created_at: string };
  naas_statements: { id: Generated<number>; framework_id: number; number: number; title: string; title_cy: string };
  naas_statement_maps: { from_statement_id: number; to_statement_id: number };
  naas_ratings: {
    person_id: number;
    statement_id: number;
    self_rating: number | null;
    self_rated_at: string | null;
    review: "agree" | "differ" | null;
    manager_rating: number | null;
    manager_comment: string | null;
    reviewed_by: number | null;
    reviewed_at: string | null;
  };
  naas_evidence: { id: Generated<number>; person_id: number; statement_id: number; occurred_on: string; kind: EvidenceKind; reflection: string; offer_id: number | null; created_at: string };
  naas_windows: { id: Generated<number>; track: Track; knowledge_on: string; knowledge_place: string; practice_on: string; practice_place: string; capacity: number; created_at: string };
  naas_candidates: {
    person_id: number;
    track: Track;
    endorsement_requested_at: string | null;
    endorsement: "endorsed" | "not_yet" | null;
    endorsement_note: string | null;
    endorsed_by: number | null;
    endorsed_at: string | null;
    window_id: number | null;
    booked_at: string | null;
    outcome: "accredited" | "not_yet_accredited" | null;
    outcome_on: string | null;
    outcome_by: number | null;
    updated_at: string;
  };
  naas_offer_decisions: { offer_id: number; statement_id: number; decision: "accepted" | "dismissed"; decided_at: string };
}

export type NaasDatabase = Database & NaasTables;
export const naasDb = () => hostDb() as unknown as Kysely<NaasDatabase>;

/** A change and its audit event in one transaction: if the audit cannot be written, the change is not stored. */
export function inTransaction<T>(work: (trx: Kysely<NaasDatabase>) => Promise<T>): Promise<T> {
  return naasDb().transaction().execute(work);
}

/** The host's view of a NAAS transaction, for the core services (audit, notices) that take an executor. */
export const asHost = (trx: Kysely<NaasDatabase>) => trx as unknown as Kysely<Database>;
