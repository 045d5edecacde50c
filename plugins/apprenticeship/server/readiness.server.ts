// What the apprenticeship contributes to readiness, for apprentices only: off-the-job hours, reviews,
// practice days and, at the end, registration, which opens the ASYE stage of the career pathway.
import type { PluginContext, ReadinessItem } from "../../sdk";
import { PLUGIN_ID, PRACTICE_KINDS } from "../programme";
import { apprentices } from "./progress.server";
import { hoursOf } from "./views.server";

const TOTAL_PRACTICE_DAYS = Object.values(PRACTICE_KINDS).reduce((a, b) => a + b, 0);

export async function apprenticeshipReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  const list = await apprentices(personIds, ctx.now());
  return list.flatMap((a): ReadinessItem[] => {
    const href = `/programmes/${PLUGIN_ID}/apprentices/${a.personId}`;
    const base = { personId: a.personId, actionHref: href };
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
  });
}
