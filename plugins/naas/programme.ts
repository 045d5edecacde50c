// The NAAS plugin's own vocabulary, shared by its pages and its server code.
export const PLUGIN_ID = "naas";

export const TRACKS = ["practitioner", "supervisor"] as const;
export type Track = (typeof TRACKS)[number];

/** The four-point self-assessment scale; a statement is ready at "secure" or above, with evidence. */
export const RATINGS = [1, 2, 3, 4] as const;
export const RATING_NAMES = { 1: "not_yet", 2: "developing", 3: "secure", 4: "strong" } as const;
export const READY_RATING = 3;

export const EVIDENCE_KINDS = ["observation", "supervision", "case_work", "course", "feedback"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const ENDORSEMENTS = ["endorsed", "not_yet"] as const;
export const OUTCOMES = ["accredited", "not_yet_accredited"] as const;

/** Thresholds L&D may change on the settings page; these are the defaults. */
export const DEFAULT_SETTINGS = {
  /** A practitioner is eligible when more than this many years have passed since qualifying. */
  practitionerMinYears: 2,
  /** Frontline statutory role categories for the practitioner track. */
  frontlineRoles: ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor", "asye_social_worker"] as string[],
  /** A practice supervisor has at least this many people reporting to them. */
  supervisorMinReports: 1,
};
export type NaasSettings = typeof DEFAULT_SETTINGS;
