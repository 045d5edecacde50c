// The Level 5 programme's own facts, shared by its pages and its server code: its sixteen session
// topics (the default titles of a new cohort's sessions, each editable afterwards) and who it is for.
export const PLUGIN_ID = "leadership";

export const DEFAULT_TOPICS = [
  "Leadership and management in children's social care",
  "Management oversight of practice",
  "Reflective supervision",
  "Leading practice with the Signs of Safety model",
  "Performance management and improvement",
  "Managing risk and decision-making",
  "Quality assurance and auditing practice",
  "Leading change",
  "Managing resources and caseloads",
  "Recruitment, retention and workforce development",
  "Wellbeing, resilience and emotionally intelligent leadership",
  "Equality, diversity and inclusion in leadership",
  "Working across agencies and partnerships",
  "Managing conflict and difficult conversations",
  "Using data and evidence to lead improvement",
  "Leading a learning culture",
] as const;

/** The assessed units migration 0002 stored, in order: until L&D rename them, they are worded by locale key. */
export const DEFAULT_UNITS = ["Leading and developing people", "Management oversight and reflective supervision", "Leading change and improving practice"] as const;

/** Role categories of first line managers, for whom the programme is meant. */
export const FIRST_LINE_MANAGER_ROLES = ["team_manager", "assistant_team_manager", "practice_supervisor"];

/**
 * Role categories who may ask for a place, and whose readiness counts Level 5: first line managers, and
 * those whose next stage on the pathway is team manager, which requires Level 5: independent reviewing
 * officers and advanced practitioners (practice supervisors, at the same position, are first line
 * managers already).
 */
export const ELIGIBLE_ROLES = [...FIRST_LINE_MANAGER_ROLES, "independent_reviewing_officer", "advanced_practitioner"];

/** Sessions a learner must attend to complete: the programme default, editable per programme later. */
export const REQUIRED_SESSIONS = 14;

/**
 * Self-study hours a learner needs alongside the taught sessions (the programme default): reading,
 * shadowing and a reflective log, which they log and L&D confirm. Not ILM's "guided learning hours",
 * which are tutor-led (the taught sessions) and sit inside total qualification time, which adds self-study
 * (REFERENCE.md section 7). The code's older names for the log ("guided learning", guidedHoursTarget, the
 * leadership_guided_learning table) are kept, being stored keys, but mean this self-study.
 */
export const SELF_STUDY_HOURS_TARGET = 40;

/**
 * The practice supervisor KSS statements a Level 5 completion is offered as evidence for, through the
 * core, until L&D change them in the programme rules. REFERENCE.md (section 2) confirms the numbering of
 * only statements 4 ("Effective use of power and authority") and 7 ("Emotionally intelligent practice
 * supervision"); the rest is unconfirmed, so the choice is data, not code.
 */
export const DEFAULT_SUPERVISOR_STATEMENTS = ["kss-supervisor:4", "kss-supervisor:7"] as const;

/** A practice supervisor KSS statement reference: the 2018 statements are numbered 1 to 8. */
export const SUPERVISOR_STATEMENT = /^kss-supervisor:[1-8]$/;
