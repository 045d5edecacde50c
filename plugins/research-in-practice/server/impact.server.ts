// The impact report: for a course, optionally one locality and one quarter (by the run's end), the change
// in confidence per objective, response rates and follow-up answers. Aggregates only: no learner is named.
// A national course has hundreds of thousands of completed places, so the database counts, sums and groups
// them; only a row of totals, the list of quarters and at most twenty examples reach JavaScript.
import { sql, type Expression, type RawBuilder } from "kysely";
import { isPostgres } from "../../sdk/migrations";
import { ripDb } from "./db.server";

export interface ImpactFilter {
  courseId: string;
  localityId?: number;
  /** "2026-Q3" */
  quarter?: string;
}

/** How many follow-up examples the report quotes. */
const EXAMPLES = 20;

/** The first and the day after the last day of a quarter ("2026-Q3"), or null for anything else. */
function quarterBounds(quarter: string | undefined) {
  if (!quarter || !/^\d{4}-Q[1-4]$/.test(quarter)) return null;
  const year = quarter.slice(0, 4);
  const q = Number(quarter.slice(6));
  const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}-01`;
  const to = q === 4 ? `${Number(year) + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, "0")}-01`;
  return { from, to };
}

/**
 * The completed places on the course's runs that the filter selects, with their evaluations. Every person
 * has a team (people.team_id is required), so the people and teams are joined only to filter by locality.
 */
function completedPlaces(filter: ImpactFilter) {
  let query = ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .where("r.course_id", "=", filter.courseId)
    .where("e.status", "=", "completed");
  const localityId = filter.localityId;
  if (localityId) {
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom("people as p").innerJoin("org_units as team", "team.id", "p.team_id").select("p.id").whereRef("p.id", "=", "e.person_id").where("team.parent_id", "=", localityId)),
    );
  }
  const bounds = quarterBounds(filter.quarter);
  if (bounds) query = query.where("c.ends_on", ">=", bounds.from).where("c.ends_on", "<", bounds.to);
  return query;
}

/** An answer counts as given when it is stored and not empty, as the report has always read it. */
const given = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} <> '')`;
const countWhere = (condition: Expression<unknown>) => sql<number | string>`count(case when ${condition} then 1 end)`;
const bothGiven = sql`(${given("ev.before_json")} and ${given("ev.after_json")})`;

/** The rating a learner gave objective `index` (0-based) in a stored answer such as "[2,3,4]". */
function rating(column: "ev.before_json" | "ev.after_json", index: number, postgres: boolean): RawBuilder<number> {
  return postgres ? sql<number>`(${sql.ref(column)}::jsonb ->> ${sql.lit(index)})::numeric` : sql<number>`json_extract(${sql.ref(column)}, ${`$[${index}]`})`;
}

/** The ratings of learners who answered before and after, summed and counted per objective. */
function ratingTotals(objectiveCount: number, postgres: boolean) {
  return Array.from({ length: objectiveCount }, (_, i) =>
    (["before", "after"] as const).flatMap((side) => {
      const value = rating(`ev.${side}_json`, i, postgres);
      const paired = sql`case when ${bothGiven} then ${value} end`;
      return [sql<number | string | null>`sum(${paired})`.as(`${side}_sum_${i}`), sql<number | string>`count(${paired})`.as(`${side}_n_${i}`)];
    }),
  ).flat();
}

/** The mean to two decimal places, from an exact sum of whole ratings and their count. */
const mean = (sum: unknown, count: unknown) => (Number(count) ? Math.round((Number(sum) / Number(count)) * 100) / 100 : null);

export async function impactReport(filter: ImpactFilter) {
  const course = await ripDb().selectFrom("research_in_practice_courses").select(["objectives_json"]).where("id", "=", filter.courseId).executeTakeFirst();
  const objectives = course ? (JSON.parse(course.objectives_json) as string[]) : [];
  const postgres = isPostgres(ripDb());
  const [totals, examples] = await Promise.all([
    completedPlaces(filter)
      .select((eb) => [
        eb.fn.countAll<number | string>().as("completed"),
        countWhere(given("ev.before_json")).as("before"),
        countWhere(given("ev.after_json")).as("after"),
        countWhere(given("ev.followup_changed")).as("followup"),
        countWhere(bothGiven).as("pairs"),
        countWhere(sql`ev.followup_changed = 'yes'`).as("yes"),
        countWhere(sql`ev.followup_changed = 'partly'`).as("partly"),
        countWhere(sql`ev.followup_changed = 'no'`).as("no"),
        ...ratingTotals(objectives.length, postgres),
      ])
      .executeTakeFirstOrThrow(),
    completedPlaces(filter).select("ev.followup_example").where(given("ev.followup_example")).orderBy("e.id").limit(EXAMPLES).execute(),
  ]);
  const row = totals as Record<string, unknown>;
  return {
    completed: Number(totals.completed),
    responses: { before: Number(totals.before), after: Number(totals.after), followup: Number(totals.followup) },
    objectives: objectives.map((objective, i) => {
      const before = mean(row[`before_sum_${i}`], row[`before_n_${i}`]);
      const after = mean(row[`after_sum_${i}`], row[`after_n_${i}`]);
      return { objective, before, after, change: before !== null && after !== null ? Math.round((after - before) * 100) / 100 : null, pairs: Number(totals.pairs) };
    }),
    followUp: { yes: Number(totals.yes), partly: Number(totals.partly), no: Number(totals.no) },
    examples: examples.map((r) => r.followup_example!),
  };
}

/** The quarter ("2026-Q3") a cohort's last day falls in, worked out by the database. */
const quarterOfEnd = sql<string>`substr(c.ends_on, 1, 4) || '-Q' || cast((cast(substr(c.ends_on, 6, 2) as integer) + 2) / 3 as text)`;

/**
 * The quarters and localities that have completions of a course, for the report's filters. The quarters
 * come from the course's runs (hundreds) that have any completion, not from every completed place.
 */
export async function impactFilters(courseId: string) {
  const [quarters, localities] = await Promise.all([
    ripDb()
      .selectFrom("research_in_practice_runs as r")
      .innerJoin("cohorts as c", "c.id", "r.cohort_id")
      .select(quarterOfEnd.as("quarter"))
      .where("r.course_id", "=", courseId)
      .where(({ exists, selectFrom }) => exists(selectFrom("enrolments as e").select("e.id").whereRef("e.cohort_id", "=", "r.cohort_id").where("e.status", "=", "completed")))
      .groupBy(quarterOfEnd)
      .orderBy("quarter", "desc")
      .execute(),
    ripDb().selectFrom("org_units").select(["id", "name"]).where("parent_id", "is", null).orderBy("name").execute(),
  ]);
  return { quarters: quarters.map((q) => q.quarter), localities };
}
