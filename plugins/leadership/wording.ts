// Sentences with a count in them, as the Level 5 pages word them. English agrees the noun with the number
// ("1 hour", "1.5 hours"), so each passes i18next the number as `count`; Welsh has one form for any
// number. The pages and their tests both word the sentences here.
import type { TFunction } from "i18next";

/** Taught hours attended, on the learner's self-study page: `hours` as shown, `count` as a number. */
export const taughtHoursText = (t: TFunction, totals: { taught: string; taughtCount: number }) => t("learning.hoursValue", { hours: totals.taught, count: totals.taughtCount });

/** Self-study hours confirmed and waiting, on the learner's page; worded "Label: N", so no count. */
export const guidedHoursText = (t: TFunction, totals: { confirmed: string; target: number; waiting: string }) =>
  t("learning.guidedValue", { confirmed: totals.confirmed, target: totals.target, waiting: totals.waiting });

/** One entry waiting for L&D to confirm it, with its hours. */
export const waitingEntryText = (t: TFunction, entry: { name: string; date: string; activity: string; hours: string; hoursCount: number }) =>
  t("confirmLearning.entry", { name: entry.name, date: entry.date, activity: entry.activity, hours: entry.hours, count: entry.hoursCount });

/** A learner's confirmed self-study hours against the target, on their page for L&D: "hours" agrees with the target. */
export const learnerGuidedText = (t: TFunction, progress: { guided: string; target: number }) => t("learner.guidedValue", { hours: progress.guided, target: progress.target, count: progress.target });
