// The Social Worker Integrated Degree Apprenticeship's own vocabulary and default rules
// (shared REFERENCE §5). Every rate and threshold here is a default L&D can change.
export const PLUGIN_ID = "apprenticeship";

/** The core's career stage the apprenticeship leads into, and the requirement it adds to that stage. */
export const APPRENTICE_STAGE = "apprentice";
export const PLACE_REQUIREMENT = "place";

/**
 * Sections of a member of staff's own apprenticeship page that readiness links to: readiness links are
 * for the person themselves, so they lead here, never to the staff page about an apprentice.
 */
export const OWN_PAGE_SECTIONS = { apprenticeship: "my-apprenticeship", intakes: "open-intakes", applications: "my-applications" } as const;
export const ownPageHref = (section?: keyof typeof OWN_PAGE_SECTIONS) => `/programmes/${PLUGIN_ID}${section ? `#${OWN_PAGE_SECTIONS[section]}` : ""}`;

/** What the panel scores, each from 1 to 5. */
export const CRITERIA = ["values", "experience", "potential"] as const;
export type Criterion = (typeof CRITERIA)[number];

export const QUALIFICATION_STATES = ["held", "planned", "none"] as const;
export type QualificationState = (typeof QUALIFICATION_STATES)[number];

export const DECISIONS = ["offer", "reserve", "decline"] as const;
export type Decision = (typeof DECISIONS)[number];

/** The 200 practice days: 30 skills days, a 70-day and a 100-day placement. */
export const PRACTICE_KINDS = { skills_days: 30, placement_70: 70, placement_100: 100 } as const;
export type PracticeKind = keyof typeof PRACTICE_KINDS;

export const REVIEW_OUTCOMES = ["on_track", "some_concerns", "at_risk"] as const;
export const DEGREE_OUTCOMES = ["first", "upper_second", "lower_second", "third", "pass", "fail"] as const;

/** Whether the degree was awarded: every outcome but a fail (and none yet) is a degree. */
export function isDegreeAwarded(outcome: string | null | undefined) {
  return outcome !== null && outcome !== undefined && outcome !== "fail" && (DEGREE_OUTCOMES as readonly string[]).includes(outcome);
}

export const LEDGER_KINDS = ["levy", "top_up", "payment", "transfer"] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

export const DEFAULT_SETTINGS = {
  /** Months of service an applicant needs. */
  minServiceMonths: 12,
  /** Contracted hours a week for a full-time member of staff (FTE 1). */
  fullTimeHours: 37,
  /**
   * Contracted hours a week from which an apprentice is full time for off-the-job training: 30 under the
   * rules for starts from August 2022. Below it they are part time.
   */
  fullTimeFromHours: 30,
  /** Off-the-job hours a week a full-time apprentice needs. */
  otjFullTimeHours: 6,
  /** Share of contracted hours a part-time apprentice needs off the job, in per cent. */
  otjPartTimePercent: 20,
  /** The funding band cap for one apprentice, in pounds. */
  fundingBandCap: 23000,
  /** Months the apprenticeship lasts, for the forecast's monthly cost and a new intake's end date. */
  durationMonths: 36,
  /** Government top-up on levy paid in, in per cent. */
  topUpPercent: 10,
  /** Share of the last twelve months' funds in that may be transferred to other employers, in per cent. */
  transferPercent: 50,
  /** Months after which unused funds expire. */
  expiryMonths: 24,
  /** Weeks between tripartite progress reviews. */
  reviewWeeks: 12,
  /**
   * Whether an applicant needs level 2 English, held or planned, and level 2 maths. The university
   * partner sets its own entry criteria, so L&D can stop asking for either.
   */
  requireLevel2English: true,
  requireLevel2Maths: true,
};
export type ApprenticeshipSettings = typeof DEFAULT_SETTINGS;
/** The settings that are whole numbers, typed into the settings form; the rest are yes-or-no entry rules. */
export type NumericSetting = { [K in keyof ApprenticeshipSettings]: ApprenticeshipSettings[K] extends number ? K : never }[keyof ApprenticeshipSettings];
export const ENTRY_RULE_SETTINGS = ["requireLevel2English", "requireLevel2Maths"] as const satisfies readonly (keyof ApprenticeshipSettings)[];
