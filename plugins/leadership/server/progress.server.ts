// A learner's progress towards completing Level 5, for many learners at once: sessions attended,
// confirmed self-study hours and assessed units passed, against the programme's rule.
import type { Generated, Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { db as hostDb } from "../../../app/utils/db.server";
import { withinTransaction } from "../../../app/utils/within-transaction.server";
import { guidedMinutes, type GuidedLearningTable } from "./guided-learning.server";
import { leadershipSettings } from "./settings.server";

export interface LeadershipTables {
  leadership_guided_learning: GuidedLearningTable;
  leadership_units: { id: Generated<number>; sequence: number; title: string };
  leadership_unit_results: { enrolment_id: number; unit_id: number; submitted_on: string; result: "pass" | "refer" | "fail"; feedback: string | null; assessed_by: number | null; assessed_at: string };
  leadership_completions: { enrolment_id: number; completed_on: string; ilm_registration: string; certificate_number: string; recorded_by: number | null };
}

export const leadershipDb = () => hostDb() as unknown as Kysely<Database & LeadershipTables>;

export async function units() {
  return leadershipDb().selectFrom("leadership_units").selectAll().orderBy("sequence").execute();
}

export interface Progress {
  attended: number;
  required: number;
  guidedMinutes: number;
  guidedTarget: number;
  unitsPassed: number;
  unitsTotal: number;
  /** The rule is met: the learner can be recorded as complete. */
  complete: boolean;
}

export async function progressOf(enrolmentIds: number[]): Promise<Map<number, Progress>> {
  const result = new Map<number, Progress>();
  if (enrolmentIds.length === 0) return result;
  const [attended, guided, passed, allUnits, settings] = await Promise.all([
    leadershipDb().selectFrom("attendance").select(["enrolment_id", (eb) => eb.fn.countAll<number>().as("n")]).where("enrolment_id", "in", enrolmentIds).where("status", "=", "present").groupBy("enrolment_id").execute(),
    guidedMinutes(enrolmentIds),
    leadershipDb().selectFrom("leadership_unit_results").select(["enrolment_id", (eb) => eb.fn.countAll<number>().as("n")]).where("enrolment_id", "in", enrolmentIds).where("result", "=", "pass").groupBy("enrolment_id").execute(),
    units(),
    leadershipSettings(),
  ]);
  const attendedBy = new Map(attended.map((r) => [r.enrolment_id, Number(r.n)]));
  const passedBy = new Map(passed.map((r) => [r.enrolment_id, Number(r.n)]));
  for (const id of enrolmentIds) {
    const progress = {
      attended: attendedBy.get(id) ?? 0,
      required: settings.requiredSessions,
      guidedMinutes: guided.get(id)?.confirmed ?? 0,
      guidedTarget: settings.guidedHoursTarget,
      unitsPassed: passedBy.get(id) ?? 0,
      unitsTotal: allUnits.length,
    };
    result.set(id, { ...progress, complete: progress.attended >= progress.required && progress.guidedMinutes >= progress.guidedTarget * 60 && progress.unitsPassed >= progress.unitsTotal });
  }
  return result;
}

/**
 * Renames units and adds one; results stay with their unit. Audited, in one transaction: every change is
 * stored with its audit event, or none is. The settings page passes its own, so the rules saved with the
 * units are kept whole or not at all.
 */
export async function saveUnits(titles: Map<number, string>, newUnit: string | null, actor: Actor, executor: Kysely<Database & LeadershipTables> = leadershipDb()) {
  await withinTransaction(executor, async (trx) => {
    const host = trx as unknown as Kysely<Database>;
    const current = await trx.selectFrom("leadership_units").selectAll().orderBy("sequence").execute();
    for (const unit of current) {
      const title = titles.get(unit.id);
      if (!title || title === unit.title) continue;
      await trx.updateTable("leadership_units").set({ title }).where("id", "=", unit.id).execute();
      await recordAudit(actor, { action: "leadership.unit.renamed", subjectType: "leadership_unit", subjectId: unit.id, before: { title: unit.title }, after: { title } }, host);
    }
    if (newUnit) {
      const [row] = await trx.insertInto("leadership_units").values({ sequence: current.length + 1, title: newUnit }).returning("id").execute();
      await recordAudit(actor, { action: "leadership.unit.added", subjectType: "leadership_unit", subjectId: row.id, after: { title: newUnit } }, host);
    }
  });
}
