// The ASYE plugin's tables, typed for Kysely alongside the host's.
import type { Generated, Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../app/utils/db.server";
import type { Decision, EvidenceKind, Recommendation, ReviewOutcome } from "../programme";

export interface AsyeTables {
  asye_years: {
    id: Generated<number>;
    person_id: number;
    starts_on: string;
    assessor_id: number;
    supervisor_id: number;
    extension_weeks: Generated<number>;
    /** The hours the year is worked at, fixed at its start (null only before the migration filled it). */
    fte: number | null;
    /** 1 when the year has a review at nine months: the setting when it started, kept so a later change does not move a running year's reviews. */
    ninth_month_review: Generated<number>;
    /**
     * The evidence counts, supervision cadence and long-leave threshold in force when the year started, as
     * JSON (migration 0009), so L&D changing them later does not move a running year; "{}" (the seed's
     * years) and any key missing take the defaults.
     */
    settings_json: Generated<string>;
    recommendation: Recommendation | null;
    recommendation_note: string | null;
    recommended_by: number | null;
    recommended_at: string | null;
    decision: Decision | null;
    decision_note: string | null;
    decided_by: number | null;
    decided_on: string | null;
    created_by: number | null;
    created_at: string;
    updated_at: string;
  };
  asye_leave: { id: Generated<number>; year_id: number; starts_on: string; ends_on: string; reason: string; recorded_by: number | null; created_at: string };
  /**
   * extension_weeks: the weeks of extension the year had when the review was recorded (migration 0008).
   * Only the final review is recorded with them, so it is kept once for each length of the year.
   */
  asye_reviews: { id: Generated<number>; year_id: number; review_month: number; extension_weeks: Generated<number>; held_on: string; outcome: ReviewOutcome; note: string; recorded_by: number | null; created_at: string };
  asye_evidence: { id: Generated<number>; year_id: number; kind: EvidenceKind; occurred_on: string; title: string; recorded_by: number | null; created_at: string };
  asye_supervision: { id: Generated<number>; year_id: number; held_on: string; recorded_by: number | null; created_at: string };
}

export type AsyeDatabase = Database & AsyeTables;
export const asyeDb = () => hostDb() as unknown as Kysely<AsyeDatabase>;
