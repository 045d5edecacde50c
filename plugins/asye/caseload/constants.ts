// The protected caseload's fixed names and its defaults. The rule's numbers (the allowed share and which
// career stages count as experienced) are settings with these defaults, editable on the settings page.
export const PLUGIN_ID = "asye";
export const CASELOAD_PATH = `/programmes/${PLUGIN_ID}/caseload`;
/** Settings keys live under "asye.caseload." in the core settings table. */
export const SETTINGS_PREFIX = `${PLUGIN_ID}.caseload`;

/** The career stage of a newly qualified social worker in their assessed year. */
export const ASYE_STAGE = "asye_social_worker";

/**
 * Who counts as an experienced social worker when the ASYE caseload is compared with theirs: qualified
 * case-holding social workers past their ASYE. Team managers and side routes (IROs, personal advisers)
 * hold no comparable caseload. An admin can change the set on the settings page.
 */
export const DEFAULT_EXPERIENCED_STAGES = ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor"];

export type CaseloadSettings = {
  /** An ASYE worker may carry up to this share (in whole per cent) of the experienced average. */
  sharePercent: number;
  experiencedStages: string[];
};

/** Local guidance in the source: an ASYE carries 10% fewer cases than an experienced colleague. */
export const DEFAULT_CASELOAD_SETTINGS: CaseloadSettings = { sharePercent: 90, experiencedStages: DEFAULT_EXPERIENCED_STAGES };

/** A caseload above this in a weekly report is a typing mistake, not a caseload. */
export const MAX_CASES = 200;
export const PAGE_SIZE = 25;
/** How many weeks the trend shows, newest last. */
export const TREND_WEEKS = 52;
