// The core tables as Kysely sees them. Dates are ISO strings ("2026-11-23"), timestamps ISO instants
// ("2026-11-23T10:00:00.000Z") and flags 0/1 integers, so both engines store and sort them alike.
import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

type Timestamp = string;
type Flag = number;

export interface OrgUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  kind: "locality" | "service" | "team";
  code: string;
  name: string;
}

export interface PersonTable {
  id: Generated<number>;
  employee_number: string;
  given_name: string;
  family_name: string;
  email: string;
  job_title: string;
  role_category: string;
  team_id: number;
  line_manager_id: number | null;
  fte: number;
  employment_start: string;
  qualification_date: string | null;
  registration_number: string | null;
  registration_expiry: string | null;
  employment_status: string;
  /** The career pathway stage the person is at (career_stages.code); null where no stage fits. */
  career_stage: ColumnType<string | null, string | null | undefined, string | null>;
  /** Lower-cased names, email and employee number, for search on both engines. */
  search_text: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  person_id: number;
  email: string;
  password_hash: string;
  disabled: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: Timestamp;
}

export interface UserRoleTable {
  user_id: number;
  role: string;
}

export interface AuthSessionTable {
  id: string;
  user_id: number;
  expires_at: Timestamp;
}

export interface LoginAttemptTable {
  key: string;
  failures: number;
  last_failed_at: Timestamp;
  blocked_until: Timestamp | null;
}

export interface ProgrammeTable {
  id: string;
  enabled: Flag;
  updated_at: Timestamp;
}

export interface CohortTable {
  id: Generated<number>;
  programme_id: string;
  name: string;
  starts_on: string;
  ends_on: string;
  capacity: number;
  enrolment_opens_on: string | null;
  enrolment_closes_on: string | null;
  venue: string | null;
  online_url: string | null;
  requires_manager_approval: Flag;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CohortSessionTable {
  id: Generated<number>;
  cohort_id: number;
  sequence: number;
  title: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  location: string | null;
  status: "scheduled" | "cancelled";
}

export type EnrolmentStatus =
  | "requested"
  | "approved"
  | "enrolled"
  | "waitlisted"
  | "completed"
  | "not_completed"
  | "withdrawn"
  | "declined";

export interface EnrolmentTable {
  id: Generated<number>;
  cohort_id: number;
  person_id: number;
  status: EnrolmentStatus;
  waitlist_position: number | null;
  reason: string | null;
  decided_by: number | null;
  requested_by: number | null;
  override_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** When it became `completed`, kept by triggers for every writer (core migration 0029); null otherwise. */
  completed_at: Timestamp | null;
}

export interface NoticeTable {
  id: Generated<number>;
  person_id: number;
  /** "common" or a plugin id: the namespace of message_key. */
  source: string;
  message_key: string;
  values_json: string;
  href: string | null;
  created_at: Timestamp;
  dismissed_at: Timestamp | null;
}

export interface AttendanceTable {
  session_id: number;
  enrolment_id: number;
  status: "present" | "absent" | "excused";
  marked_by: number | null;
  marked_at: Timestamp;
}

export interface CpdEntryTable {
  id: Generated<number>;
  person_id: number;
  source: string;
  source_ref: string | null;
  /** In English for an entry a programme wrote; as the person wrote it for their own. */
  title: string;
  /** A programme's entry in Welsh (since migration 0014); null for the person's own and older entries. */
  title_cy: ColumnType<string | null, string | null | undefined, string | null>;
  occurred_on: string;
  hours: number;
  reflection: string | null;
  /** What the person learnt and how it changes their practice (Social Work England's questions). */
  learning: ColumnType<string | null, string | null | undefined, string | null>;
  practice_impact: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 when the person reflected on it with a peer, as at least one entry a year must be. */
  peer_reflection: ColumnType<Flag, Flag | undefined, Flag>;
  created_at: Timestamp;
}

export interface MetricSnapshotTable {
  quarter: string;
  scope_key: string;
  metric_key: string;
  value: number | null;
  recorded_at: Timestamp;
}

export interface CareerStageTable {
  code: string;
  position: number;
  track: "main" | "side";
  name_en: string;
  name_cy: string;
  min_years: number | null;
  updated_at: Timestamp;
}

export interface CareerStageRequirementTable {
  stage_code: string;
  /** "<source>:<requirement id>", e.g. "common:registration" or "naas:accreditation-practitioner". */
  requirement_key: string;
  included: Flag;
}

export interface CareerStageHistoryTable {
  id: Generated<number>;
  person_id: number;
  stage_code: string;
  started_on: string;
  /** What moved the person: "progression", a plugin id (e.g. "asye"), "import" or "admin". */
  source: string;
  note: string | null;
  recorded_by: number | null;
  created_at: Timestamp;
}

export type ProgressionStatus = "awaiting_manager" | "awaiting_panel" | "not_supported" | "approved" | "declined" | "withdrawn";

export interface ProgressionRequestTable {
  id: Generated<number>;
  person_id: number;
  from_stage: string | null;
  to_stage: string;
  statement: string;
  status: ProgressionStatus;
  manager_id: number | null;
  manager_supports: Flag | null;
  manager_note: string | null;
  manager_decided_at: Timestamp | null;
  panel_note: string | null;
  panel_decided_by: number | null;
  panel_decided_at: Timestamp | null;
  /** What moved the person to the stage when not the panel (a plugin id, such as "asye"); since migration 0015. */
  reached_through: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EvidenceOfferTable {
  id: Generated<number>;
  person_id: number;
  source: string;
  source_ref: string;
  statement_ref: string;
  title: string;
  /** In Welsh, when the offering programme worded the title itself (since migration 0014). */
  title_cy: ColumnType<string | null, string | null | undefined, string | null>;
  occurred_on: string;
  created_at: Timestamp;
}

export interface JobRunTable {
  id: Generated<number>;
  job_key: string;
  status: "running" | "succeeded" | "failed";
  started_at: Timestamp;
  finished_at: Timestamp | null;
  done: number;
  total: number;
  summary_json: string | null;
  error: string | null;
  started_by: number | null;
  /** When the running process last said it was alive; a run silent for long has died with its process. */
  heartbeat_at: Timestamp | null;
}

export interface AuditEventTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: number | null;
  actor_person_id: number | null;
  action: string;
  subject_type: string;
  subject_id: string;
  person_id: number | null;
  before_json: string | null;
  after_json: string | null;
}

export interface SettingTable {
  key: string;
  value_json: string;
  updated_at: Timestamp;
}

export interface SubmittedFormTable {
  token: string;
  submitted_at: Timestamp;
  /** The id of the record the form's first send made; null when it recorded none (or was sent before 0028). */
  made_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface Database {
  org_units: OrgUnitTable;
  people: PersonTable;
  users: UserTable;
  user_roles: UserRoleTable;
  auth_sessions: AuthSessionTable;
  login_attempts: LoginAttemptTable;
  programmes: ProgrammeTable;
  cohorts: CohortTable;
  cohort_sessions: CohortSessionTable;
  enrolments: EnrolmentTable;
  attendance: AttendanceTable;
  cpd_entries: CpdEntryTable;
  audit_events: AuditEventTable;
  settings: SettingTable;
  submitted_forms: SubmittedFormTable;
  notices: NoticeTable;
  evidence_offers: EvidenceOfferTable;
  job_runs: JobRunTable;
  career_stages: CareerStageTable;
  career_stage_requirements: CareerStageRequirementTable;
  career_stage_history: CareerStageHistoryTable;
  progression_requests: ProgressionRequestTable;
  metric_snapshots: MetricSnapshotTable;
}

export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type OrgUnit = Selectable<OrgUnitTable>;
export type AuditEvent = Selectable<AuditEventTable>;
