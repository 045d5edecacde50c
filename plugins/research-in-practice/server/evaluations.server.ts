// Did it make a difference? Each learner rates their confidence on every objective before and after the
// course (and says what they will do differently), then three months on says whether their practice
// changed. Reminders come from what is due; the impact report reads only aggregates.
import type { Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { holdCohortLock } from "../../../app/services/cohort-lock.server";
import { chunks } from "../../../app/services/readiness.server";
import { isoDate } from "../../../app/utils/dates";
import type { Database } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { FOLLOW_UP_MONTHS, type Changed } from "../programme";
import { ripDb } from "./db.server";

export type EvaluationStage = "before" | "after" | "followup";

/**
 * The same day `months` later, or that month's last day when it is shorter. Date.UTC would roll a missing
 * day into the next month, so a run ending 30 November would ask for its follow-up from 2 March.
 */
function monthsAfter(iso: string, months: number) {
  const [y, m, d] = iso.split("-").map(Number);
  const lastDay = new Date(Date.UTC(y, m + months, 0)).getUTCDate();
  return isoDate(new Date(Date.UTC(y, m - 1 + months, Math.min(d, lastDay))));
}

export async function evaluationContext(enrolmentId: number) {
  const row = await ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .select(["e.id", "e.person_id", "e.cohort_id", "e.status", "r.withdrawn as run_withdrawn", "c.starts_on", "c.ends_on", "course.title", "course.objectives_json", "ev.before_json", "ev.before_at", "ev.after_json", "ev.after_at", "ev.will_do_differently", "ev.followup_changed", "ev.followup_example", "ev.followup_at"])
    .where("e.id", "=", enrolmentId)
    .executeTakeFirst();
  return row ? { ...row, objectives: JSON.parse(row.objectives_json) as string[] } : undefined;
}
export type EvaluationContext = NonNullable<Awaited<ReturnType<typeof evaluationContext>>>;

/**
 * The stage a learner can answer now, if any: before the course, after completing it, or at follow-up.
 * None on a run the provider withdrew: it will not take place (unless offered again), so there is no
 * course to rate confidence before, and completion is never recorded on it.
 * `today` is London's date (`londonToday()`), where the runs take place.
 */
export function dueStage(e: Pick<EvaluationContext, "status" | "run_withdrawn" | "starts_on" | "ends_on" | "before_at" | "after_at" | "followup_at">, today: string): EvaluationStage | null {
  if (e.run_withdrawn === 1) return null;
  if (e.status === "completed") {
    if (!e.after_at) return "after";
    if (!e.followup_at && today >= monthsAfter(e.ends_on, FOLLOW_UP_MONTHS)) return "followup";
    return null;
  }
  if (["enrolled", "waitlisted", "requested"].includes(e.status) && !e.before_at && today <= e.starts_on) return "before";
  return null;
}

const STAGES: readonly EvaluationStage[] = ["before", "after", "followup"];

/** The stage a sent form says it showed (its hidden `stage` field), or null for anything else. */
export function shownStage(value: unknown): EvaluationStage | null {
  return STAGES.find((stage) => stage === value) ?? null;
}

type StageFacts = Parameters<typeof dueStage>[0];

/**
 * The stage a sent form's answers are stored as, or null when they cannot be: the stage the form showed,
 * while it is still due. The page may have been open for a while, so the stage due now can differ from the
 * one the learner answered, and their answers are never stored as another stage's. One exception: L&D may
 * record completion on the course's first day while the before-course form is open; the before-course
 * questions stay open until that day ends, so those answers are still stored as before-course. Nothing is
 * stored on a run the provider withdrew.
 */
export function stageToStore(e: StageFacts, shown: EvaluationStage, today: string): EvaluationStage | null {
  if (e.run_withdrawn === 1) return null;
  if (shown === dueStage(e, today)) return shown;
  const completedOnFirstDay = e.status === "completed" && today <= e.starts_on && !e.before_at && !e.after_at;
  return shown === "before" && completedOnFirstDay ? "before" : null;
}

/**
 * Why a sent form's answers were not stored: the provider withdrew the run, the before-course questions
 * closed when the course started, or the stage is answered or no longer open.
 */
export function refusalOf(e: StageFacts, shown: EvaluationStage | null, today: string) {
  if (e.run_withdrawn === 1) return "evaluation.errors.closed.runWithdrawn";
  return shown === "before" && today > e.starts_on ? "evaluation.errors.closed.started" : "evaluation.errors.closed.notDue";
}

/** What each person has due, for reminders on /me; one query for any number of people. */
export async function dueEvaluations(personIds: number[], now = new Date()) {
  const today = londonToday(now);
  const due: { enrolmentId: number; personId: number; title: string; stage: EvaluationStage }[] = [];
  for (const ids of chunks(personIds)) {
    const rows = await ripDb()
      .selectFrom("enrolments as e")
      .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
      .innerJoin("cohorts as c", "c.id", "e.cohort_id")
      .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
      .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
      .select(["e.id", "e.person_id", "e.status", "r.withdrawn as run_withdrawn", "c.starts_on", "c.ends_on", "course.title", "ev.before_at", "ev.after_at", "ev.followup_at"])
      .where("e.person_id", "in", ids)
      .where("e.status", "in", ["enrolled", "waitlisted", "requested", "completed"])
      .execute();
    for (const r of rows) {
      const stage = dueStage(r, today);
      if (stage) due.push({ enrolmentId: r.id, personId: r.person_id, title: r.title, stage });
    }
  }
  return due;
}

/** The column that says a stage is answered. */
const ANSWERED_AT = { before: "before_at", after: "after_at", followup: "followup_at" } as const;

/** Why answers were not stored: the stage was answered meanwhile, or the provider withdrew the run. */
export type NotSaved = "evaluation.errors.closed.notDue" | "evaluation.errors.closed.runWithdrawn";

type Answers = Partial<{ before_json: string; before_objectives_json: string; before_at: string; after_json: string; after_objectives_json: string; after_at: string; will_do_differently: string | null; followup_changed: Changed; followup_example: string | null; followup_at: string }>;

/**
 * Stores a stage's answers and answers true, or why it stored nothing. The stage is checked when the form is
 * read, outside this transaction, so the same form sent twice at once (two tabs, a double click) passes that
 * check twice; the write itself only fills a stage still unanswered, so the second stores nothing and
 * records no event, and the first learner's answers stand. Whether the provider withdrew the run is read
 * here, under the cohort's lock, where the sync withdraws a run: a run withdrawn since the form was read
 * stores nothing.
 */
async function save(e: EvaluationContext, values: Answers, stage: EvaluationStage, actor: Actor): Promise<true | NotSaved> {
  // One transaction: answers are never stored without the audit event that records them.
  return ripDb()
    .transaction()
    .execute(async (trx) => {
      await holdCohortLock(trx as unknown as Kysely<Database>, e.cohort_id);
      const run = await trx.selectFrom("research_in_practice_runs").select("withdrawn").where("cohort_id", "=", e.cohort_id).executeTakeFirstOrThrow();
      if (run.withdrawn === 1) return "evaluation.errors.closed.runWithdrawn";
      const stored = await trx
        .insertInto("research_in_practice_evaluations")
        .values({ enrolment_id: e.id, ...values })
        .onConflict((oc) => oc.column("enrolment_id").doUpdateSet(values).where(`research_in_practice_evaluations.${ANSWERED_AT[stage]}`, "is", null))
        .returning("enrolment_id")
        .executeTakeFirst();
      if (!stored) return "evaluation.errors.closed.notDue";
      // The answers themselves stay out of the audit trail: it records that, not what, a learner answered.
      await recordAudit(actor, { action: `research-in-practice.evaluation.${stage}`, subjectType: "enrolment", subjectId: e.id, personId: e.person_id }, trx as unknown as Kysely<Database>);
      return true;
    });
}

/**
 * Whether a sent form showed the course's objectives as they are now (its hidden `objective` fields, in
 * order). The provider may have edited or reordered them while the page was open, and ratings given on the
 * old list must not be stored against the new one. A form that names none was drawn before forms named
 * them: it is taken as showing the objectives as they are, as it always was.
 */
export function showedObjectivesAsTheyAre(e: Pick<EvaluationContext, "objectives">, shown: unknown[]) {
  return shown.length === 0 || (shown.length === e.objectives.length && shown.every((objective, i) => objective === e.objectives[i]));
}

/**
 * Stores before- or after-course answers; otherwise says why it stored nothing (`save`). Each rating is
 * kept with the objective it was given on, as the form showed them (`showedObjectivesAsTheyAre`), so a
 * later change to the course's objectives never moves a rating onto another objective.
 */
export function saveConfidence(e: EvaluationContext, stage: "before" | "after", ratings: number[], willDoDifferently: string | null, actor: Actor) {
  const at = new Date().toISOString();
  const objectives = JSON.stringify(e.objectives);
  return stage === "before"
    ? save(e, { before_json: JSON.stringify(ratings), before_objectives_json: objectives, before_at: at }, stage, actor)
    : save(e, { after_json: JSON.stringify(ratings), after_objectives_json: objectives, after_at: at, will_do_differently: willDoDifferently }, stage, actor);
}

/** Stores follow-up answers; otherwise says why it stored nothing (`save`). */
export function saveFollowUp(e: EvaluationContext, changed: Changed, example: string | null, actor: Actor) {
  return save(e, { followup_changed: changed, followup_example: example, followup_at: new Date().toISOString() }, "followup", actor);
}
