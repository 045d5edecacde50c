// The apprenticeship plugin's tables, typed for Kysely alongside the host's.
import type { Generated, Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../app/utils/db.server";
import type { Decision, LedgerKind, PracticeKind, QualificationState } from "../programme";

export interface ApprenticeshipTables {
  apprenticeship_intakes: { id: Generated<number>; cohort_id: number; university: string; criteria: string; created_at: string };
  apprenticeship_applications: {
    id: Generated<number>;
    intake_id: number;
    person_id: number;
    statement: string;
    current_role: string;
    service_months: number;
    english: QualificationState;
    maths: QualificationState;
    manager_support: "pending" | "given" | "withheld";
    manager_reason: string | null;
    manager_id: number | null;
    manager_decided_at: string | null;
    shortlisted: number;
    decision: Decision | null;
    feedback: string | null;
    enrolment_id: number | null;
    response: "accepted" | "declined" | null;
    created_at: string;
    updated_at: string;
  };
  apprenticeship_scores: { application_id: number; panel_member_id: number; values_score: number; experience_score: number; potential_score: number; comment: string | null; scored_at: string };
  apprenticeship_ledger: {
    id: Generated<number>;
    occurred_on: string;
    kind: LedgerKind;
    amount_pence: number;
    person_id: number | null;
    counterparty: string | null;
    recorded_by: number | null;
    created_at: string;
    /** The entry this row reverses, with its kind, date, amount, apprentice and employer (migration 0004); null for an entry. */
    reverses_id: number | null;
    /** Why the entry was reversed; null for an entry. */
    reason: string | null;
    /**
     * The day money in expires, by the expiry setting in force when it was recorded (migration 0005), so a
     * later change to the setting leaves it as it was; a reversal's is the row's it reverses; null for money
     * out. Every writer (recordEntry, the demo seed) gives money in its day; it is optional so that a test may
     * write a row as one made before migration 0005, and money in without one expires by the setting as it
     * stands, as the migration dated the rows before it.
     */
    expires_on?: string | null;
  };
  apprenticeship_otj: { id: Generated<number>; person_id: number; week_of: string; minutes: number; activity: string; created_at: string };
  apprenticeship_practice: { id: Generated<number>; person_id: number; kind: PracticeKind; starts_on: string; ends_on: string; setting: string; practice_educator: string; days_completed: number };
  apprenticeship_reviews: { id: Generated<number>; person_id: number; held_on: string; outcome: "on_track" | "some_concerns" | "at_risk"; actions: string; recorded_by: number | null; created_at: string };
  apprenticeship_completions: { person_id: number; gateway_on: string | null; degree_outcome: string | null; degree_on: string | null; registered_on: string | null; registration_number: string | null; updated_at: string };
}

export type ApprenticeshipDatabase = Database & ApprenticeshipTables;
export const apprenticeshipDb = () => hostDb() as unknown as Kysely<ApprenticeshipDatabase>;
/** A transaction of the plugin's, as the host's own services (the audit log) take it. */
export const asHostDb = (trx: Kysely<ApprenticeshipDatabase>) => trx as unknown as Kysely<Database>;

/**
 * Every write to the levy ledger takes this lock, so one entry's checks see what the entry before it
 * wrote; a change to the settings those checks read (the funding band cap) takes it too.
 */
export const LEDGER_LOCK = "apprenticeship-ledger";
