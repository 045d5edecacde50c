// Subject access: a person's evaluation answers (their bookings are the core's enrolments). Each evaluation
// names its course and the run's start date, and pairs every objective with the ratings given for it, so
// the person can read their download: the stored answers are bare lists of numbers in objective order.
import type { PluginContext } from "../../sdk";
import { ripDb } from "./db.server";

type Ratings = (number | null)[];

/** One objective and the confidence rated on it before and after the course (null where not answered). */
export type ObjectiveRating = { number: number; objective: string | null; before: number | null; after: number | null };

const ratingsOf = (json: string | null): Ratings => (json ? (JSON.parse(json) as Ratings) : []);

/**
 * Each objective with its ratings, by position. A rating past the end of the objectives (the provider
 * has since shortened the list) is kept with no objective, so no answer held is left out.
 */
export function pairRatings(objectives: string[], before: Ratings, after: Ratings): ObjectiveRating[] {
  const count = Math.max(objectives.length, before.length, after.length);
  return Array.from({ length: count }, (_, i) => ({ number: i + 1, objective: objectives[i] ?? null, before: before[i] ?? null, after: after[i] ?? null }));
}

/** The pairs as one line a spreadsheet cell shows: "1. Objective: 2 → 4; 2. …". */
function ratingsInWords(ctx: PluginContext, pairs: ObjectiveRating[]) {
  const rating = (value: number | null) => (value === null ? ctx.t("personalData.notAnswered") : String(value));
  return pairs
    .map((p) => ctx.t("personalData.rating", { number: p.number, objective: p.objective ?? ctx.t("personalData.objectiveGone"), before: rating(p.before), after: rating(p.after) }))
    .join("; ");
}

export async function ripPersonalData(ctx: PluginContext, personId: number) {
  // Left joins: every evaluation held is given, even one whose run or course could not be found.
  const rows = await ripDb()
    .selectFrom("research_in_practice_evaluations as ev")
    .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
    .leftJoin("cohorts as c", "c.id", "e.cohort_id")
    .leftJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .leftJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .selectAll("ev")
    .select(["e.cohort_id", "r.id as run_id", "course.id as course_id", "course.title as course_title", "c.starts_on as run_starts_on", "course.objectives_json"])
    .where("e.person_id", "=", personId)
    .orderBy("c.starts_on")
    .orderBy("ev.enrolment_id")
    .execute();
  const evaluations = rows.map((row) => {
    const objectives = row.objectives_json ? (JSON.parse(row.objectives_json) as string[]) : [];
    const ratings = pairRatings(objectives, ratingsOf(row.before_json), ratingsOf(row.after_json));
    // What the evaluation is about first, then the answers; the ids are kept so it can be traced.
    return {
      enrolment_id: row.enrolment_id,
      cohort_id: row.cohort_id,
      run_id: row.run_id,
      course_id: row.course_id,
      course_title: row.course_title,
      run_starts_on: row.run_starts_on,
      ratings_in_words: ratingsInWords(ctx, ratings),
      ratings,
      before_at: row.before_at,
      after_at: row.after_at,
      will_do_differently: row.will_do_differently,
      followup_changed: row.followup_changed,
      followup_changed_in_words: row.followup_changed ? ctx.t(`evaluation.changedOptions.${row.followup_changed}`) : null,
      followup_example: row.followup_example,
      followup_at: row.followup_at,
    };
  });
  return { evaluations };
}
