// The practice development programme's own facts, shared by its pages and its server code.
export const PLUGIN_ID = "practice-development";
export const BASE = `/programmes/${PLUGIN_ID}`;

/** How a briefing reaches people: a session on the cohort engine, or "read and understood". */
export const DELIVERIES = ["read", "session"] as const;
export type Delivery = (typeof DELIVERIES)[number];

/** Signs of Safety training, in order: each later stage lists the earlier one as its prerequisite. */
export const SOS_STAGES = ["sos_intro", "sos_course", "sos_practice_lead"] as const;
export type SosStage = (typeof SOS_STAGES)[number];

/** What a cohort of this programme is for: a briefing's session, or a Signs of Safety stage. */
export const COHORT_KINDS = ["briefing", ...SOS_STAGES] as const;
export type CohortKind = (typeof COHORT_KINDS)[number];

/** Days after employment_start during which someone counts as a new starter (an L&D setting). */
export const DEFAULT_INDUCTION_DAYS = 180;

/** A rollout's standing for one person. */
export const COVERAGE = ["covered", "booked", "not_yet"] as const;
export type Coverage = (typeof COVERAGE)[number];

export const PAGE_SIZE = 25;

/** The value (`intent`) of a form's "Show teams" button: that post asks for a locality's teams and saves nothing. */
export const SHOW_TEAMS = "showTeams";

/** The tag colour for each standing. */
export const COVERAGE_COLOUR: Record<Coverage, "green" | "blue" | "grey"> = { covered: "green", booked: "blue", not_yet: "grey" };
