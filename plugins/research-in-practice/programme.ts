// Research in Practice courses: the outside catalogue's vocabulary and the evaluation's scale.
export const PLUGIN_ID = "research-in-practice";

export const FORMATS = ["workshop", "webinar", "tailored_programme", "e_learning"] as const;
export type CourseFormat = (typeof FORMATS)[number];

/** Confidence on each learning objective, before and after: 1 (not confident) to 5 (very confident). */
export const CONFIDENCE = [1, 2, 3, 4, 5] as const;

/** Months after the course that the follow-up asks whether practice changed. */
export const FOLLOW_UP_MONTHS = 3;

/**
 * The language of the provider's course text (summaries, objectives, framework domains): its feed is in
 * British English only. Pages mark that text with it, so a screen reader on a Welsh page reads it as English
 * (WCAG 3.1.2); on an English page it is the page's own language, so it changes nothing there.
 */
export const FEED_LANG = "en-GB";

export const CHANGED = ["yes", "partly", "no"] as const;
export type Changed = (typeof CHANGED)[number];

/** Items per page of the catalogue. */
export const CATALOGUE_PAGE_SIZE = 10;

/** Runs per page in a course's list of runs that have started, for L&D. */
export const STARTED_RUNS_PAGE_SIZE = 10;

/** How many of a run's learners its page lists at once: a national run has hundreds. */
export const RUN_LEARNERS_PAGE_SIZE = 25;
