// The impact report: for a course, optionally one locality and one quarter (by the run's end), the change
// in confidence per objective, response rates and follow-up answers. Aggregates only: no learner is named,
// and no group small enough to point to a person shows what its learners said (see MINIMUM_GROUP).
// A national course has hundreds of thousands of completed places, so the database counts, sums and groups
// them; only the few pairs of objective lists shown, a row of totals, the list of quarters and at most
// twenty examples reach JavaScript.
import { sql, type Expression, type RawBuilder } from "kysely";
import { isPostgres } from "../../sdk/migrations";
import { ripDb } from "./db.server";
import { pairPlaces, rowsTable } from "./objective-pairs.server";

export interface ImpactFilter {
  courseId: string;
  localityId?: number;
  /** "2026-Q3" */
  quarter?: string;
}

/** How many follow-up examples the report quotes. */
const EXAMPLES = 20;

/**
 * Statistical disclosure control: the fewest learners whose answers a figure may be built from. On a small
 * run, a locality in one quarter can be one or two people, and their ratings, follow-up answer and example
 * are theirs, word for word. 5 is a usual minimum cell size for published counts.
 *
 * A locality in one quarter is the smallest group the report offers (a "cell"). A cell with fewer answers
 * than this shows nothing it was told, and is left out of every larger figure too (a locality, a quarter):
 * otherwise a locality's figure less its other quarters would give the small one back. Every figure but the
 * whole course's is then a sum of cells that are shown, so subtracting one from another reveals nothing new.
 * The whole course's figure includes the left-out cells only when together they are at least this many
 * (or none): subtracting the shown cells from it then gives a group no smaller than any other shown.
 */
export const MINIMUM_GROUP = 5;

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
 * The completed places on the course's runs that the filter selects, with their evaluations and the team
 * each learner is in: its locality (the team's parent) and the run's quarter make the place's cell.
 */
function completedPlaces(filter: ImpactFilter) {
  let query = ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as team", "team.id", "p.team_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .where("r.course_id", "=", filter.courseId)
    .where("e.status", "=", "completed");
  if (filter.localityId) query = query.where("team.parent_id", "=", filter.localityId);
  const bounds = quarterBounds(filter.quarter);
  if (bounds) query = query.where("c.ends_on", ">=", bounds.from).where("c.ends_on", "<", bounds.to);
  return query;
}

/** The quarter ("2026-Q3") a cohort's last day falls in, worked out by the database. */
const quarterOfEnd = sql<string>`substr(c.ends_on, 1, 4) || '-Q' || cast((cast(substr(c.ends_on, 6, 2) as integer) + 2) / 3 as text)`;
/**
 * A place's cell: its locality (the team's parent) and its run's quarter, as "12/2026-Q3". A team with no
 * parent makes a locality of its own (0), so its places are still counted in a cell and never escape the rule.
 */
const cellOf = sql<string>`cast(coalesce(team.parent_id, 0) as text) || '/' || ${quarterOfEnd}`;

/** An answer counts as given when it is stored and not empty, as the report has always read it. */
const given = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} <> '')`;
const countWhere = (condition: Expression<unknown>) => sql<number | string>`count(case when ${condition} then 1 end)`;
const bothGiven = sql`(${given("ev.before_json")} and ${given("ev.after_json")})`;

/**
 * The objectives a learner's form showed at a stage, as kept with the answers. Answers kept without them
 * (written by something other than the form, such as the demo seed) take the course's objectives as they
 * are now, as the migration that began keeping them took them for the answers held then.
 */
const shownAt = (side: "before" | "after") => sql<string>`coalesce(${sql.ref(`ev.${side}_objectives_json`)}, course.objectives_json)`;

/**
 * Each pair of lists of objectives that learners who answered before and after were shown (one pair for
 * as long as the provider leaves a course's objectives alone, another after each change), with where each of
 * the course's objectives is in each list, as `pairPlaces` pairs them (as the download does): a text the course
 * lists twice is its first, then its second, in both. The lists are paired once a pair, not once a learner.
 */
async function listsShown(filter: ImpactFilter, objectives: string[]) {
  const lists = await completedPlaces(filter)
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .select([shownAt("before").as("before_list"), shownAt("after").as("after_list")])
    .where(sql<boolean>`${bothGiven}`)
    .groupBy([shownAt("before"), shownAt("after")])
    .execute();
  // Which time the course lists each objective's text: its first, its second…
  const occurrence = objectives.map((objective, i) => objectives.slice(0, i).filter((o) => o === objective).length);
  const rows = lists.map(({ before_list, after_list }) => {
    const pairs = pairPlaces(JSON.parse(before_list) as string[], JSON.parse(after_list) as string[]);
    const places = objectives.map((objective, i) => pairs.filter((p) => p.objective === objective)[occurrence[i]]);
    return Object.fromEntries([["before_list", before_list], ["after_list", after_list], ...places.flatMap((pair, i) => [[`before_${i}`, pair?.before ?? null], [`after_${i}`, pair?.after ?? null]])]);
  });
  const columns = Object.fromEntries([["before_list", "text"], ["after_list", "text"], ...objectives.flatMap((_, i) => [[`before_${i}`, "integer"], [`after_${i}`, "integer"]])]);
  return rowsTable(columns, rows);
}

/** The rating a learner gave at the place `position` (0-based) in a stored answer such as "[2,3,4]". */
function rating(column: "ev.before_json" | "ev.after_json", position: string, postgres: boolean): RawBuilder<number> {
  return postgres ? sql<number>`(${sql.ref(column)}::jsonb ->> ${sql.ref(position)})::numeric` : sql<number>`json_extract(${sql.ref(column)}, '$[' || ${sql.ref(position)} || ']')`;
}

/**
 * The ratings of learners who answered before and after, summed and counted per objective. Each is compared
 * by the objective's text, never its place in the list: a learner's ratings count for an objective only
 * when both their forms showed it (`listsShown`, joined as "shown"), so a list the provider has edited or
 * reordered since never pairs a rating with another objective.
 */
function ratingTotals(objectiveCount: number, postgres: boolean) {
  return Array.from({ length: objectiveCount }, (_, i) =>
    (["before", "after"] as const).flatMap((side) => {
      const value = rating(`ev.${side}_json`, `shown.${side}_${i}`, postgres);
      const paired = sql`case when ${bothGiven} and ${sql.ref(`shown.before_${i}`)} is not null and ${sql.ref(`shown.after_${i}`)} is not null then ${value} end`;
      return [sql<number | string | null>`sum(${paired})`.as(`${side}_sum_${i}`), sql<number | string>`count(${paired})`.as(`${side}_n_${i}`)];
    }),
  ).flat();
}

/** The names of the per-objective rating columns, as `ratingTotals` makes them. */
const ratingColumns = (objectiveCount: number) => Array.from({ length: objectiveCount }, (_, i) => [`before_sum_${i}`, `before_n_${i}`, `after_sum_${i}`, `after_n_${i}`]).flat();

/** Each cell's counts and rating totals: a few hundred rows at most (localities times quarters), summed by the database. */
function cells(filter: ImpactFilter, objectives: string[], shown: RawBuilder<unknown>, postgres: boolean) {
  return completedPlaces(filter)
    .innerJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .leftJoin(shown.as("shown"), (join) => join.on(sql<boolean>`shown.before_list = ${shownAt("before")} and shown.after_list = ${shownAt("after")}`))
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
    .groupBy(cellOf);
}

/**
 * One row: every cell's figures summed ("x"), and summed over only the cells with enough answers to be shown
 * ("shown_x"). Ratings are shown by the learners who answered before and after; follow-up answers by those
 * who answered the follow-up.
 */
async function cellTotals(filter: ImpactFilter, objectives: string[], postgres: boolean) {
  const shown = await listsShown(filter, objectives);
  const sum = (column: string) => sql<number | string | null>`sum(${sql.ref(`cell.${column}`)})`.as(column);
  const shownSum = (column: string, gate: "pairs" | "followup") =>
    sql<number | string | null>`sum(case when ${sql.ref(`cell.${gate}`)} >= ${sql.lit(MINIMUM_GROUP)} then ${sql.ref(`cell.${column}`)} end)`.as(`shown_${column}`);
  const ratings = ["pairs", ...ratingColumns(objectives.length)];
  const followUps = ["followup", "yes", "partly", "no"];
  return ripDb()
    .selectFrom(cells(filter, objectives, shown, postgres).as("cell"))
    .select([
      ...["completed", "before", "after", ...ratings, ...followUps].map(sum),
      ...ratings.map((column) => shownSum(column, "pairs")),
      ...followUps.map((column) => shownSum(column, "followup")),
    ])
    .executeTakeFirstOrThrow() as Promise<Record<string, number | string | null>>;
}

/**
 * Which sums a measure's figures come from: the shown cells', or every cell's when the report is the whole
 * course's and the cells left out number none or at least MINIMUM_GROUP together. Null when even that is
 * fewer than MINIMUM_GROUP learners: the figures are withheld.
 */
function source(row: Record<string, unknown>, gate: "pairs" | "followup", wholeCourse: boolean): "" | "shown_" | null {
  const every = Number(row[gate]);
  const shown = Number(row[`shown_${gate}`]);
  const leftOut = every - shown;
  const prefix = wholeCourse && (leftOut === 0 || leftOut >= MINIMUM_GROUP) ? "" : "shown_";
  return Number(row[`${prefix}${gate}`]) >= MINIMUM_GROUP ? prefix : null;
}

/** The follow-up examples from the places the follow-up figures come from, earliest places first. */
function examplesFrom(filter: ImpactFilter, from: "" | "shown_") {
  let query = completedPlaces(filter).select("ev.followup_example").where(given("ev.followup_example"));
  if (from === "shown_") {
    const shownCells = completedPlaces(filter).select(cellOf.as("cell")).groupBy(cellOf).having(countWhere(given("ev.followup_changed")), ">=", MINIMUM_GROUP);
    query = query.where(cellOf, "in", shownCells);
  }
  return query.orderBy("e.id").limit(EXAMPLES).execute();
}

/** The mean to two decimal places, from an exact sum of whole ratings and their count. */
const mean = (sum: unknown, count: unknown) => (Number(count) ? Math.round((Number(sum) / Number(count)) * 100) / 100 : null);

export async function impactReport(filter: ImpactFilter) {
  const course = await ripDb().selectFrom("research_in_practice_courses").select(["objectives_json"]).where("id", "=", filter.courseId).executeTakeFirst();
  const objectives = course ? (JSON.parse(course.objectives_json) as string[]) : [];
  const row = await cellTotals(filter, objectives, isPostgres(ripDb()));
  const wholeCourse = !filter.localityId && !quarterBounds(filter.quarter);
  const ratingsFrom = source(row, "pairs", wholeCourse);
  const followUpFrom = source(row, "followup", wholeCourse);
  const examples = followUpFrom === null ? [] : await examplesFrom(filter, followUpFrom);
  // A withheld figure reads as no answers: blank averages, no follow-up answers and no examples. `withheld`
  // says so outright, so the page and the CSV never have to guess it from a blank or a nought.
  const figure = (from: "" | "shown_" | null, column: string) => (from === null ? 0 : Number(row[`${from}${column}`] ?? 0));
  return {
    completed: Number(row.completed ?? 0),
    responses: { before: Number(row.before ?? 0), after: Number(row.after ?? 0), followup: Number(row.followup ?? 0) },
    objectives: objectives.map((objective, i) => {
      const before = mean(figure(ratingsFrom, `before_sum_${i}`), figure(ratingsFrom, `before_n_${i}`));
      const after = mean(figure(ratingsFrom, `after_sum_${i}`), figure(ratingsFrom, `after_n_${i}`));
      return { objective, before, after, change: before !== null && after !== null ? Math.round((after - before) * 100) / 100 : null, pairs: figure(ratingsFrom, "pairs") };
    }),
    followUp: { yes: figure(followUpFrom, "yes"), partly: figure(followUpFrom, "partly"), no: figure(followUpFrom, "no") },
    examples: examples.map((r) => r.followup_example!),
    withheld: { ratings: ratingsFrom === null, followUp: followUpFrom === null },
  };
}

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
