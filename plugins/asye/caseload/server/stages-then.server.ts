// The career stage each person had in a week of the caseload report, from the core's stage history
// (migration 0008), so a past week keeps comparing the people who were ASYE workers in it, whatever they
// are now. Read in one query per batch of people, never one per person: a report can hold 60,000 rows.
import type { Kysely } from "kysely";
import { chunks } from "../../../../app/services/readiness.server";
import { ASYE_STAGE, PLUGIN_ID } from "../constants";
import { addWeeks } from "./weeks";
import type { CaseloadDatabase } from "./db.server";

interface StageMove {
  stage_code: string;
  started_on: string;
  source: string;
}

/** Each person's recorded stages, oldest first (a day's later record after its earlier one). */
export async function stageHistories(executor: Kysely<CaseloadDatabase>, personIds: number[]) {
  const histories = new Map<number, StageMove[]>();
  for (const batch of chunks([...new Set(personIds)])) {
    const rows = await executor.selectFrom("career_stage_history").select(["person_id", "stage_code", "started_on", "source"]).where("person_id", "in", batch).orderBy("person_id").orderBy("started_on").orderBy("id").execute();
    for (const { person_id, ...move } of rows) histories.set(person_id, [...(histories.get(person_id) ?? []), move]);
  }
  return histories;
}

/**
 * The stage someone held at the end of a week (named by its Monday): the last one recorded as started by
 * then. Someone with no history has never moved, so holds the stage they hold now. Before their first
 * record: its stage when it is where they started (the staff import's, from the day they joined); an ASYE
 * worker's when it is the pass that moved them on; otherwise not known (null), and left out of the
 * comparisons rather than counted at a stage they may not have held.
 */
export function stageInWeek(history: StageMove[] | undefined, stageNow: string | null, week: string): string | null {
  if (!history || history.length === 0) return stageNow;
  const lastDay = dayBefore(addWeeks(week, 1));
  const held = history.filter((move) => move.started_on <= lastDay).at(-1);
  if (held) return held.stage_code;
  const first = history[0];
  if (first.source === "import") return first.stage_code;
  return first.source === PLUGIN_ID ? ASYE_STAGE : null;
}

const dayBefore = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
