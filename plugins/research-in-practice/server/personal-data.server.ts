// Subject access: a person's evaluation answers (their bookings are the core's enrolments). Each evaluation
// names its course and the run's start date, and pairs every objective with the ratings given for it, so
// the person can read their download. Each stage's ratings are kept with the objectives its form showed,
// and paired by those: the provider may have edited or reordered the course's objectives since.
import type { PluginContext } from "../../sdk";
import { ripDb } from "./db.server";
import { pairPlaces } from "./objective-pairs.server";

type Ratings = (number | null)[];

/** One objective and the confidence rated on it before and after the course (null where not answered). */
export type ObjectiveRating = { number: number; objective: string | null; before: number | null; after: number | null };

/** A stage's answers: the objectives its form showed, in order, and the rating given on each. */
export type StageRatings = { objectives: string[]; ratings: Ratings };

const ratingsOf = (json: string | null): Ratings => (json ? (JSON.parse(json) as Ratings) : []);

/**
 * The objectives a stage showed, as kept with its answers. Answers kept without them (written by something
 * other than the form, such as the demo seed) take the course's objectives as they are now, as the
 * migration that began keeping them took them for the answers held then.
 */
const shownOf = (json: string | null, current: string[]) => (json ? (JSON.parse(json) as string[]) : current);

/** A stage's places: the objectives it showed, then null for any rating past their end (paired by position). */
const placesOf = ({ objectives, ratings }: StageRatings) => Array.from({ length: Math.max(objectives.length, ratings.length) }, (_, i) => objectives[i] ?? null);

/**
 * Each objective with the ratings given on it before and after, paired by the objective's text, never by
 * position (`pairPlaces`, as the impact report and the key-metrics pack pair them): the before-course
 * objectives in the order shown, then any only the after-course form showed. No rating held is left out.
 */
export function pairRatings(before: StageRatings, after: StageRatings): ObjectiveRating[] {
  const ratingAt = (stage: StageRatings, place: number | null) => (place === null ? null : (stage.ratings[place] ?? null));
  return pairPlaces(placesOf(before), placesOf(after)).map((pair, i) => ({ number: i + 1, objective: pair.objective, before: ratingAt(before, pair.before), after: ratingAt(after, pair.after) }));
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
    const current = row.objectives_json ? (JSON.parse(row.objectives_json) as string[]) : [];
    const ratings = pairRatings(
      { objectives: row.before_json ? shownOf(row.before_objectives_json, current) : [], ratings: ratingsOf(row.before_json) },
      { objectives: row.after_json ? shownOf(row.after_objectives_json, current) : [], ratings: ratingsOf(row.after_json) },
    );
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
      // The objectives each form showed, as held: `ratings` pairs them with the answers.
      before_objectives_json: row.before_objectives_json,
      before_at: row.before_at,
      after_objectives_json: row.after_objectives_json,
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
