// The ASYE plugin's own vocabulary and default rules (shared REFERENCE §4). Every count and interval
// here is a default L&D can change on the settings page.
export const PLUGIN_ID = "asye";

/** Reviews fall at these months of the (possibly extended) year; the ninth is added by a setting, kept on each year as it started. */
export const CORE_REVIEW_MONTHS = [3, 6, 12] as const;
export const NINTH_MONTH = 9;

export const REVIEW_OUTCOMES = ["on_track", "concerns", "not_on_track"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** The evidence checklist of the Record of Support and Progressive Assessment. */
export const EVIDENCE_KINDS = ["direct_observation", "family_feedback", "professional_feedback", "written_report", "reflection_6", "reflection_12"] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

export const RECOMMENDATIONS = ["pass", "extend", "fail"] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const DECISIONS = ["pass", "extend", "fail"] as const;
export type Decision = (typeof DECISIONS)[number];

/** The stage a passed ASYE moves the person to, and the stage of those doing the year. */
export const PASSED_STAGE = "social_worker";
export const ASYE_STAGE = "asye_social_worker";

export const DEFAULT_SETTINGS = {
  /** 1 when the council holds a review at nine months as well as at 3, 6 and 12. */
  ninthMonthReview: 0,
  directObservations: 3,
  familyFeedback: 3,
  professionalFeedback: 3,
  writtenReports: 3,
  /** Supervision is weekly for this many weeks from the start… */
  weeklySupervisionWeeks: 6,
  /** …then fortnightly until this month of the year, then monthly. */
  fortnightlyUntilMonth: 6,
  /** Days of slack before a late supervision counts as a gap. */
  supervisionGraceDays: 3,
  /** A period of leave this many days or longer extends the year by its length. */
  longLeaveDays: 28,
};
export type AsyeSettings = typeof DEFAULT_SETTINGS;

/** How many of each kind of evidence the year needs, under the settings. */
export function evidenceRequired(settings: AsyeSettings): Record<EvidenceKind, number> {
  return {
    direct_observation: settings.directObservations,
    family_feedback: settings.familyFeedback,
    professional_feedback: settings.professionalFeedback,
    written_report: settings.writtenReports,
    reflection_6: 1,
    reflection_12: 1,
  };
}

export function reviewMonths(ninthMonthReview: boolean): number[] {
  return ninthMonthReview ? [3, 6, NINTH_MONTH, 12] : [...CORE_REVIEW_MONTHS];
}
