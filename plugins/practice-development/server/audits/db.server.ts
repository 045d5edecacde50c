// The audit tables, typed for Kysely alongside the host's and the briefing tables.
import type { Generated, Kysely } from "kysely";
import { db as hostDb } from "../../../../app/utils/db.server";
import type { PdDatabase } from "../db.server";

export const THEMES = ["supervision", "assessments", "permanence", "pathway_plans"] as const;
export type Theme = (typeof THEMES)[number];
export const RATINGS = ["good", "requires_improvement", "inadequate"] as const;
export type Rating = (typeof RATINGS)[number];
/** PCF's nine domains (BASW, 2018 refresh), in the framework's order. */
export const PCF_DOMAINS = ["professionalism", "values_ethics", "diversity_equality", "rights_justice", "knowledge", "critical_reflection", "skills_interventions", "contexts_organisations", "professional_leadership"] as const;
export const ACTION_KINDS = ["rollout", "cohort", "course"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
/** A KSS reference as typed: the practitioner or the practice supervisor statements, and a number. */
export const KSS_REF = /^kss-(practitioner|supervisor):([1-9]\d?)$/;
/**
 * How many statements each KSS has, so a finding names only statements that exist: the 2018 child and
 * family practitioner statements are ten, the practice supervisor statements eight (the project's domain
 * reference, REFERENCE.md section 2, "Knowledge and Skills Statements (KSS)"). The statements themselves
 * are the NAAS plugin's data, which this plugin does not read, so their numbers are kept here, in this one
 * place. The message refusing any other (`audits.errors.kssUnknown`) states these ranges in words.
 */
export const KSS_STATEMENT_COUNTS: Record<"practitioner" | "supervisor", number> = { practitioner: 10, supervisor: 8 };

/** Whether a well-formed KSS reference names a statement that exists (numbered from 1 up to its framework's count). */
export function isKssStatement(ref: string) {
  const match = KSS_REF.exec(ref);
  return match !== null && Number(match[2]) <= KSS_STATEMENT_COUNTS[match[1] as keyof typeof KSS_STATEMENT_COUNTS];
}

export interface AuditTables {
  practice_development_audits: { id: Generated<number>; theme: Theme; title: string; held_on: string; summary: string; created_by: number | null; created_at: string };
  practice_development_audit_sample: { audit_id: number; org_unit_id: number };
  practice_development_audit_findings: { id: Generated<number>; audit_id: number; rating: Rating; practice_area: string; team_id: number | null; note: string | null; created_by: number | null; created_at: string };
  practice_development_finding_refs: { finding_id: number; kind: "kss" | "pcf"; ref: string };
  practice_development_audit_actions: {
    id: Generated<number>;
    audit_id: number;
    finding_id: number;
    kind: ActionKind;
    rollout_id: number | null;
    cohort_id: number | null;
    course_source: string | null;
    course_id: string | null;
    course_title: string | null;
    course_href: string | null;
    due_on: string;
    status: Generated<"open" | "done">;
    closed_by: number | null;
    closed_at: string | null;
    closed_note: string | null;
    created_by: number | null;
    created_at: string;
  };
  practice_development_audit_action_teams: { action_id: number; team_id: number };
}

export type AuditDatabase = PdDatabase & AuditTables;
export const auditDb = () => hostDb() as unknown as Kysely<AuditDatabase>;
