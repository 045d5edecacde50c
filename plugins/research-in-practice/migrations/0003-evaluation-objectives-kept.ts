import { sql, type Kysely, type Migration } from "kysely";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const SIDES = ["before", "after"] as const;

/**
 * An evaluation kept its ratings as a bare list of numbers, and the subject access download and the impact
 * report paired them by position with the course's objectives as they are now. The provider edits and
 * reorders objectives (the sync applies it), so a rating given on one objective came to read as another's.
 * Each stage now keeps the objectives it showed, in the order rated. The answers held already take their
 * course's objectives as they are now: the best left of what the learner was shown.
 */
export const evaluationObjectivesKept: Migration = {
  async up(db: AnyDb) {
    for (const side of SIDES) await db.schema.alterTable("research_in_practice_evaluations").addColumn(`${side}_objectives_json`, "text").execute();
    // Through the place's run to its course; an answer whose run or course cannot be found is left with none.
    const courseObjectives = sql<string>`(select course.objectives_json from enrolments e
      join research_in_practice_runs r on r.cohort_id = e.cohort_id
      join research_in_practice_courses course on course.id = r.course_id
      where e.id = research_in_practice_evaluations.enrolment_id)`;
    for (const side of SIDES) {
      await db
        .updateTable("research_in_practice_evaluations")
        .set({ [`${side}_objectives_json`]: courseObjectives })
        .where(`${side}_json`, "is not", null)
        .where(`${side}_objectives_json`, "is", null)
        .execute();
    }
  },
  async down(db: AnyDb) {
    for (const side of SIDES) await db.schema.alterTable("research_in_practice_evaluations").dropColumn(`${side}_objectives_json`).execute();
  },
};
