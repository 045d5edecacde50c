// A learner's progress towards completing Level 5, for many learners at once: sessions attended,
// confirmed self-study hours and assessed units passed, against the programme's rule.
import type { Generated, Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { readSettingsIn } from "../../../app/services/settings.server";
import { db as hostDb } from "../../../app/utils/db.server";
import { PLUGIN_ID } from "../programme";
import { presentAtHeldSessions } from "./attended.server";
import { guidedMinutes, type GuidedLearningTable } from "./guided-learning.server";
import { DEFAULT_SETTINGS, leadershipSettings } from "./settings.server";

export interface LeadershipTables {
  leadership_guided_learning: GuidedLearningTable;
  leadership_units: { id: Generated<number>; sequence: number; title: string };
  leadership_unit_results: { enrolment_id: number; unit_id: number; submitted_on: string; result: "pass" | "refer" | "fail"; feedback: string | null; assessed_by: number | null; assessed_at: string };
  leadership_completions: { enrolment_id: number; completed_on: string; ilm_registration: string; certificate_number: string; recorded_by: number | null };
}

export const leadershipDb = () => hostDb() as unknown as Kysely<Database & LeadershipTables>;

type LeadershipDb = Kysely<Database & LeadershipTables>;

export async function units(executor: LeadershipDb = leadershipDb()) {
  return executor.selectFrom("leadership_units").selectAll().orderBy("sequence").execute();
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

/**
 * Progress of each enrolment by `now`: only sessions held by then count as attended. A check made under a
 * lock passes its transaction, and everything is read there afresh, the rules too.
 */
export async function progressOf(enrolmentIds: number[], now = new Date(), executor?: LeadershipDb): Promise<Map<number, Progress>> {
  const result = new Map<number, Progress>();
  if (enrolmentIds.length === 0) return result;
  const reader = executor ?? leadershipDb();
  const host = reader as unknown as Kysely<Database>;
  const [attended, guided, passed, allUnits, settings] = await Promise.all([
    presentAtHeldSessions(enrolmentIds, now, host).select(["a.enrolment_id", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("a.enrolment_id").execute(),
    guidedMinutes(enrolmentIds, host),
    reader.selectFrom("leadership_unit_results").select(["enrolment_id", (eb) => eb.fn.countAll<number>().as("n")]).where("enrolment_id", "in", enrolmentIds).where("result", "=", "pass").groupBy("enrolment_id").execute(),
    units(reader),
    executor ? readSettingsIn(host, PLUGIN_ID, { ...DEFAULT_SETTINGS }) : leadershipSettings(),
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
