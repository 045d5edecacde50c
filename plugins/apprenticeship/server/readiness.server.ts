// What the apprenticeship contributes to readiness: for apprentices, off-the-job hours, reviews, practice
// days and, at the end, registration, which opens the ASYE stage of the career pathway; for those whose next
// stage is the apprentice stage, whether they hold a place, which that stage asks for.
// Each item's link is for the person themselves (the core drops them on other people's pages): their own
// apprenticeship page, not the staff page about an apprentice, which they may not open.
import type { PluginContext, ReadinessItem } from "../../sdk";
import { ownPageHref, PRACTICE_KINDS } from "../programme";
import { placeReadiness } from "./places.server";
import { apprentices, type Apprentice } from "./progress.server";
import { hoursOf } from "./views.server";

const TOTAL_PRACTICE_DAYS = Object.values(PRACTICE_KINDS).reduce((a, b) => a + b, 0);

export async function apprenticeshipReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  const [list, places] = await Promise.all([apprentices(personIds, ctx.now()), placeReadiness(personIds)]);
  return [...list.flatMap(progressItems), ...places];
}

/** An apprentice's hours, review, practice days and registration. */
function progressItems(a: Apprentice): ReadinessItem[] {
  const base = { personId: a.personId, actionHref: ownPageHref("apprenticeship") };
  const practiceDone = a.practice.reduce((sum, p) => sum + Math.min(p.done, p.required), 0);
  // Registered as a social worker, the apprenticeship is over: hours and reviews no longer apply to them,
  // as the /admin counts already say (a shortfall they finished with is history, not something to act on).
  const registered = a.completion?.registered_on;
  return [
    registered
      ? { ...base, requirementId: "off-the-job", status: "not_applicable", labelKey: "readiness.otj.label", reasonKey: "readiness.otj.finished", values: { date: registered } }
      : a.compliance.behind > 0
        ? { ...base, requirementId: "off-the-job", status: "not_met", labelKey: "readiness.otj.label", reasonKey: "readiness.otj.behind", values: { hours: hoursOf(a.compliance.behind), count: hoursOf(a.compliance.behind) } }
        : { ...base, requirementId: "off-the-job", status: "met", labelKey: "readiness.otj.label", reasonKey: "readiness.otj.onTrack" },
    registered
      ? { ...base, requirementId: "review", status: "not_applicable", labelKey: "readiness.review.label", reasonKey: "readiness.review.finished", values: { date: registered } }
      : a.reviewOverdue
        ? { ...base, requirementId: "review", status: "not_met", labelKey: "readiness.review.label", reasonKey: "readiness.review.overdue", values: { date: a.reviewDue } }
        : { ...base, requirementId: "review", status: "met", labelKey: "readiness.review.label", reasonKey: "readiness.review.due", values: { date: a.reviewDue } },
    { ...base, requirementId: "practice", status: practiceDone >= TOTAL_PRACTICE_DAYS ? "met" : "in_progress", labelKey: "readiness.practice.label", reasonKey: "readiness.practice.days", values: { done: practiceDone, total: TOTAL_PRACTICE_DAYS, count: TOTAL_PRACTICE_DAYS }, score: Math.round((100 * practiceDone) / TOTAL_PRACTICE_DAYS) },
    registered
      ? { ...base, requirementId: "registration", status: "met", labelKey: "readiness.registered.label", reasonKey: "readiness.registered.yes", values: { date: registered } }
      : { ...base, requirementId: "registration", status: "in_progress", labelKey: "readiness.registered.label", reasonKey: "readiness.registered.notYet" },
  ];
}
