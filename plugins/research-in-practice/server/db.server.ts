// The Research in Practice plugin's tables, typed for Kysely alongside the host's.
import type { Kysely } from "kysely";
import { db as hostDb, type Database } from "../../../app/utils/db.server";
import type { Changed, CourseFormat } from "../programme";

export interface RipTables {
  research_in_practice_courses: { id: string; title: string; format: CourseFormat; summary: string; objectives_json: string; cpd_hours: number; kss_json: string; pcf_json: string; last_modified: string; withdrawn: number; synced_at: string };
  research_in_practice_runs: { id: string; course_id: string; cohort_id: number; session_id: number; tailored: number; withdrawn: number };
  research_in_practice_sync: { key: string; value: string };
  research_in_practice_evaluations: {
    enrolment_id: number;
    before_json: string | null;
    /** The objectives the before-course form showed, in the order rated (JSON), so each rating keeps its objective. */
    before_objectives_json: string | null;
    before_at: string | null;
    after_json: string | null;
    /** The objectives the after-course form showed, in the order rated (JSON). */
    after_objectives_json: string | null;
    after_at: string | null;
    will_do_differently: string | null;
    followup_changed: Changed | null;
    followup_example: string | null;
    followup_at: string | null;
  };
}

export type RipDatabase = Database & RipTables;
export const ripDb = () => hostDb() as unknown as Kysely<RipDatabase>;
