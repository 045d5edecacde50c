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

/**
 * Who reads a page about someone's NAAS readiness: the person themself, or someone else (their manager,
 * L&D recording an outcome). Text addressed to "you" is only right for the person, so the wording that
 * differs is chosen here by reader, one place for the server-built reasons and the page's headings.
 */
export type Reader = "self" | "someoneElse";
export const READER_WORDING = {
  self: { stage: "track.stage", gapsHeading: "track.gapsHeading", gaps: "gaps", managerAgreed: "review.agreed", managerDiffered: "review.differed" },
  someoneElse: { stage: "track.theirStage", gapsHeading: "track.theirGapsHeading", gaps: "theirGaps", managerAgreed: "review.theirManagerAgreed", managerDiffered: "review.theirManagerDiffered" },
} as const satisfies Record<Reader, Record<string, string>>;

export const ENDORSEMENTS = ["endorsed", "not_yet"] as const;
export const OUTCOMES = ["accredited", "not_yet_accredited"] as const;

/** Thresholds L&D may change on the settings page; these are the defaults. */
export const DEFAULT_SETTINGS = {
  /** A practitioner is eligible when more than this many years have passed since qualifying. */
  practitionerMinYears: 2,
  /** Frontline statutory role categories for the practitioner track. */
  frontlineRoles: ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor", "asye_social_worker"] as string[],
  /** A practice supervisor is a qualified social worker with at least this many people reporting to them. */
  supervisorMinReports: 1,
};
export type NaasSettings = typeof DEFAULT_SETTINGS;
