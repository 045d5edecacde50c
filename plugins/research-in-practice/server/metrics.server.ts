// Research in Practice figures for the quarterly key-metrics pack: course impact for runs that ended in the
// quarter, as the learners' own change in confidence and what they said at three months. Aggregates only.
// The pack and the daily snapshot ask for these for the whole service, so the database averages the
// evaluations and only one row of totals reaches JavaScript, however many places were evaluated (with the
// few distinct pairs of objective lists shown, which JavaScript pairs as the download does).
import { sql, type RawBuilder } from "kysely";
import { percentOf } from "../../../app/services/metrics/scope.server";
import type { MetricFigure, MetricsScope, PluginContext } from "../../sdk";
import { isPostgres } from "../../sdk/migrations";
import { ripDb } from "./db.server";
import { pairPlaces, rowsTable } from "./objective-pairs.server";

/** An answer counts as given when it is stored and not empty, as the pack has always read it. */
const given = (column: string) => sql<boolean>`(${sql.ref(column)} is not null and ${sql.ref(column)} <> '')`;

/**
 * The objectives a learner's form showed at a stage, as kept with the answers. Answers kept without them
 * (written by something other than the form, such as the demo seed) take the course's objectives as they
 * are now, as the migration that began keeping them took them for the answers held then; null when the
 * place's run or course cannot be found either.
 */
const shownAt = (side: "before" | "after") => sql<string | null>`coalesce(${sql.ref(`ev.${side}_objectives_json`)}, course.objectives_json)`;

/**
 * Where (0-based) the before-course answer holds the rating of the objective the after-course answer rated at
 * `at`: as `pairPlaces` paired the two lists (joined as "pairing", its after-course places in order), never
 * the same place in the list, since the provider may have edited or reordered the objectives between the two
 * forms. A rating past the end of the objectives shown (answers held before they were kept, on a list since
 * shortened, or no list known at all) pairs by its place alone, as the subject access download pairs it,
 * when the before-course form showed no objective there either. Null when the before-course form did not show it.
 */
function beforePosition(at: RawBuilder<number>, postgres: boolean): RawBuilder<number | null> {
  const before = shownAt("before");
  const after = shownAt("after");
  return postgres
    ? sql`(case when ${at} < jsonb_array_length(${after}::jsonb) then (pairing.places::jsonb ->> ${at})::int
        when coalesce(jsonb_array_length(${before}::jsonb), 0) <= ${at} then ${at} end)`
    : sql`(case when ${at} < json_array_length(${after}) then json_extract(pairing.places, '$[' || ${at} || ']')
        when coalesce(json_array_length(${before}), 0) <= ${at} then ${at} end)`;
}

/**
 * One learner's mean change over the objectives they rated after the course: each after-course rating less
 * the before-course rating of the same objective, paired by its text (`beforePosition`), where an objective
 * the before-course form did not show counts as no change. The sum of whole ratings is exact; the one
 * division is in double precision, as JavaScript's was.
 */
function ownChange(postgres: boolean): RawBuilder<number | null> {
  return postgres
    ? sql`(select sum(a.value::numeric - coalesce((ev.before_json::jsonb ->> ${beforePosition(sql`(a.ord - 1)::int`, true)})::numeric, a.value::numeric))::float8 / nullif(count(*), 0)
        from jsonb_array_elements_text(ev.after_json::jsonb) with ordinality as a(value, ord))`
    : sql`(select sum(a.value - coalesce(json_extract(ev.before_json, '$[' || ${beforePosition(sql`cast(a.key as integer)`, false)} || ']'), a.value)) * 1.0 / nullif(count(*), 0)
        from json_each(ev.after_json) as a)`;
}

const bothGiven = sql<boolean>`(${given("ev.before_json")} and ${given("ev.after_json")})`;

/** The evaluations of places on runs that ended in the scope's quarter, with each place's run and course for the objectives answers kept without them showed (`shownAt`). */
function placesInScope(scope: MetricsScope) {
  return ripDb()
    .selectFrom("research_in_practice_evaluations as ev")
    .innerJoin("enrolments as e", "e.id", "ev.enrolment_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .leftJoin("research_in_practice_runs as r", "r.cohort_id", "c.id")
    .leftJoin("research_in_practice_courses as course", "course.id", "r.course_id")
    .where("c.programme_id", "=", "research-in-practice")
    .where("c.ends_on", ">=", scope.start)
    .where("c.ends_on", "<=", scope.end)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", scope.teamIds!.length ? scope.teamIds! : [-1]));
}

/**
 * Each pair of lists of objectives the learners who rated both times were shown (one pair for as long as the
 * provider leaves a course's objectives alone, another after each change: a handful, however many learners),
 * with where, for each after-course place, `pairPlaces` finds its before-course place, as JSON ("[1,null,0]").
 */
async function pairingsInScope(scope: MetricsScope) {
  const lists = await placesInScope(scope)
    .select([shownAt("before").as("before_list"), shownAt("after").as("after_list")])
    .where(bothGiven)
    // Answers with no list known (their run or course cannot be found) pair by position (`beforePosition`).
    .where(shownAt("before"), "is not", null)
    .where(shownAt("after"), "is not", null)
    .groupBy([shownAt("before"), shownAt("after")])
    .execute();
  const rows = lists.map(({ before_list, after_list }) => {
    const after = JSON.parse(after_list!) as string[];
    const pairs = pairPlaces(JSON.parse(before_list!) as string[], after);
    return { before_list, after_list, places: JSON.stringify(after.map((_, at) => pairs.find((p) => p.after === at)!.before)) };
  });
  return rowsTable({ before_list: "text", after_list: "text", places: "text" }, rows);
}

/** Each evaluation in the scope: the learner's change, if they rated both times, and their follow-up answer. */
async function evaluationsInScope(scope: MetricsScope) {
  const pairings = await pairingsInScope(scope);
  return placesInScope(scope)
    .leftJoin(pairings.as("pairing"), (join) => join.on(sql<boolean>`pairing.before_list = ${shownAt("before")} and pairing.after_list = ${shownAt("after")}`))
    .select([sql<number | null>`case when ${bothGiven} then ${ownChange(isPostgres(ripDb()))} end`.as("own_change"), "ev.followup_changed"]);
}

const countWhere = (condition: RawBuilder<unknown>) => sql<number | string>`count(case when ${condition} then 1 end)`;

export async function ripMetrics(_ctx: PluginContext, scope: MetricsScope): Promise<MetricFigure[]> {
  const totals = await ripDb()
    .selectFrom((await evaluationsInScope(scope)).as("ev"))
    .select([
      sql<number | string | null>`sum(ev.own_change)`.as("changeSum"),
      sql<number | string>`count(ev.own_change)`.as("changes"),
      countWhere(given("ev.followup_changed")).as("followUps"),
      countWhere(sql`ev.followup_changed in ('yes', 'partly')`).as("changed"),
    ])
    .executeTakeFirstOrThrow();
  const changes = Number(totals.changes);
  const followUps = Number(totals.followUps);
  const change = changes ? Number(totals.changeSum) / changes : null;
  return [
    { id: "confidence", labelKey: "metrics.confidence", labelValues: { count: changes }, value: change === null ? null : Math.round(change * 10) / 10, unit: "score", higherIsBetter: true },
    { id: "practiceChanged", labelKey: "metrics.practiceChanged", labelValues: { count: followUps }, value: percentOf(Number(totals.changed), followUps), unit: "percent", higherIsBetter: true },
  ];
}
