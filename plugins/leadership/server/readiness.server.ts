// What Level 5 contributes to readiness: completed, on the way, or (for those it is for: first line
// managers and IROs) not yet.
import type { PluginContext, ReadinessItem } from "../../sdk";
import { ELIGIBLE_ROLES, PLUGIN_ID } from "../programme";

const ORDER = ["completed", "enrolled", "waitlisted", "requested"];

export async function leadershipReadiness(ctx: PluginContext, personIds: number[]): Promise<ReadinessItem[]> {
  if (personIds.length === 0) return [];
  const [people, enrolments] = await Promise.all([
    ctx.db.selectFrom("people").select(["id", "role_category"]).where("id", "in", personIds).execute() as Promise<{ id: number; role_category: string }[]>,
    ctx.db
      .selectFrom("enrolments as e")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .select(["e.person_id", "e.status"])
      .where("c.programme_id", "=", PLUGIN_ID)
      .where("e.person_id", "in", personIds)
      .where("e.status", "in", ORDER)
      .execute() as Promise<{ person_id: number; status: string }[]>,
  ]);
  const best = new Map<number, string>();
  for (const e of enrolments) {
    const current = best.get(e.person_id);
    if (!current || ORDER.indexOf(e.status) < ORDER.indexOf(current)) best.set(e.person_id, e.status);
  }
  const items: ReadinessItem[] = [];
  for (const person of people) {
    const status = best.get(person.id);
    if (!status && !ELIGIBLE_ROLES.includes(person.role_category)) continue;
    items.push({
      personId: person.id,
      requirementId: "level-5",
      status: status === "completed" ? "met" : status ? "in_progress" : "not_met",
      labelKey: "readiness.label",
      reasonKey: `readiness.${status ?? "none"}`,
      actionHref: `/programmes/${PLUGIN_ID}`,
    });
  }
  return items;
}
