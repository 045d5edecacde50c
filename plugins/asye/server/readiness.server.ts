// What the ASYE contributes to readiness and the career pathway: "asye-passed", met once the year is
// passed, in progress during it (with the month and what is outstanding), not applicable to anyone
// else. Batched: one read of the people and one set of year queries for the whole list.
import type { PluginContext, ReadinessItem } from "../../sdk";
import { chunks } from "../../../app/services/readiness.server";
import { formatDate } from "../../../app/utils/dates";
import { ASYE_STAGE, PLUGIN_ID } from "../programme";
import { asyeDb } from "./db.server";
import { yearsOfPeople, type YearPicture } from "./years.server";

export const REQUIREMENT_ID = "asye-passed";
const LABEL = "readiness.label";

/** What is still to do, in the reader's language: overdue reviews, supervision overdue now, missing evidence. */
export function outstandingText(ctx: Pick<PluginContext, "t" | "locale">, picture: YearPicture) {
  const parts = [
    ...picture.reviews.filter((r) => r.overdue).map((r) => ctx.t("readiness.overdueReview", { month: r.month })),
    ...(picture.openGap ? [ctx.t("readiness.supervisionOverdue", { date: formatDate(picture.openGap.dueOn, ctx.locale) })] : []),
    ...picture.outstanding.map((e) => ctx.t("readiness.evidenceMissing", { kind: ctx.t(`evidence.kinds.${e.kind}`), missing: e.required - e.recorded })),
  ];
  return parts.length > 0 ? parts.join("; ") : ctx.t("readiness.nothingOutstanding");
}

function itemFor(ctx: PluginContext, personId: number, picture: YearPicture | undefined, atAsyeStage: boolean): ReadinessItem {
  const base = { personId, requirementId: REQUIREMENT_ID, labelKey: LABEL };
  if (!picture) {
    return atAsyeStage ? { ...base, status: "not_met", reasonKey: "readiness.notStarted", actionHref: `/programmes/${PLUGIN_ID}` } : { ...base, status: "not_applicable", reasonKey: "readiness.notApplicable" };
  }
  const actionHref = `/programmes/${PLUGIN_ID}`;
  if (picture.status === "passed") return { ...base, status: "met", reasonKey: "readiness.passed", values: { date: picture.year.decided_on ?? "" }, actionHref };
  if (picture.status === "failed") return { ...base, status: "not_met", reasonKey: "readiness.failed", values: { date: picture.year.decided_on ?? "" }, actionHref };
  const done = picture.evidence.reduce((sum, e) => sum + Math.min(e.recorded, e.required), 0);
  const needed = picture.evidence.reduce((sum, e) => sum + e.required, 0);
  return { ...base, status: "in_progress", ...duringYear(ctx, picture), actionHref, score: needed === 0 ? 0 : Math.round((done / needed) * 100) };
}

/** The reason while the year is open: before its start there is no month yet, only the day it starts. */
function duringYear(ctx: PluginContext, picture: YearPicture): Pick<ReadinessItem, "reasonKey" | "values"> {
  const endsOn = picture.schedule.endsOn;
  if (picture.month === 0) return { reasonKey: "readiness.startsOn", values: { date: picture.year.starts_on, endsOn } };
  const reasonKey = picture.status === "awaiting_decision" ? "readiness.awaitingDecision" : "readiness.inProgress";
  return { reasonKey, values: { month: picture.month, endsOn, outstanding: outstandingText(ctx, picture) } };
}

export async function asyeReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  if (personIds.length === 0) return [];
  const now = ctx.now();
  const items: ReadinessItem[] = [];
  for (const ids of chunks(personIds)) {
    const [people, years] = await Promise.all([asyeDb().selectFrom("people").select(["id", "career_stage"]).where("id", "in", ids).execute(), yearsOfPeople(ids, now)]);
    const yearOf = new Map(years.map((y) => [y.year.person_id, y]));
    for (const person of people) items.push(itemFor(ctx, person.id, yearOf.get(person.id), person.career_stage === ASYE_STAGE));
  }
  return items;
}
