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

/** Role categories of first line managers, for whom the programme is meant. */
export const ELIGIBLE_ROLES = ["team_manager", "assistant_team_manager", "practice_supervisor"];

/** Sessions a learner must attend to complete: the programme default, editable per programme later. */
export const REQUIRED_SESSIONS = 14;

/** Guided-learning hours a learner needs alongside the taught sessions (the programme default). */
export const GUIDED_HOURS_TARGET = 40;

/**
 * Practice supervisor KSS statements a Level 5 completion is offered as evidence for, through the core
 * (statement 1 "Promote and govern excellent practice", 8 "Performance management and improvement").
 */
export const SUPERVISOR_STATEMENTS_EVIDENCED = ["kss-supervisor:1", "kss-supervisor:8"] as const;
