// The plugin's tables, typed for Kysely alongside the host's.
import type { Generated, Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../app/utils/db.server";
import type { CohortKind, Delivery } from "../programme";

export interface PracticeDevelopmentTables {
  practice_development_briefings: {
    id: Generated<number>;
    title: string;
    summary: string;
    version: number;
    counts_from_version: number;
    link_url: string | null;
    document_url: string | null;
    delivery: Delivery;
    in_induction: number;
    created_at: string;
    updated_at: string;
    /** One up on every save: the edit form carries the one it showed (migration 0004). */
    revision: Generated<number>;
    updated_by: number | null;
  };
  practice_development_briefing_versions: { briefing_id: number; version: number; summary: string; requires_reconfirmation: number; created_by: number | null; created_at: string };
  practice_development_briefing_audience: { briefing_id: number; kind: "role" | "team"; value: string };
  practice_development_confirmations: { id: Generated<number>; briefing_id: number; person_id: number; version: number; confirmed_at: string };
  practice_development_cohorts: { cohort_id: number; kind: CohortKind; briefing_id: number | null; briefing_version: number | null };
  practice_development_rollouts: {
    id: Generated<number>;
    briefing_id: number;
    starts_on: string;
    due_on: string;
    target_percent: number;
    created_by: number | null;
    created_at: string;
    /** Set while the rollout is closed: it is then asked of nobody (migration 0005). */
    closed_at: string | null;
    closed_by: number | null;
  };
  practice_development_rollout_targets: { rollout_id: number; kind: "role" | "team" | "locality"; value: string };
}

export type PdDatabase = Database & PracticeDevelopmentTables;
export const pdDb = () => hostDb() as unknown as Kysely<PdDatabase>;

/** The plugin's transaction, as the host's audit log takes it. */
export const asHost = (trx: Kysely<PdDatabase>) => trx as unknown as Kysely<Database>;

/** The host's transaction (a core service's, handed to a check of the plugin's), as the plugin's queries take it. */
export const asPlugin = (trx: Kysely<Database>) => trx as unknown as Kysely<PdDatabase>;
