// How many apprentices are current, overdue a review and behind on off-the-job hours, counted by the
// database by the same rules as `apprentices()`: the /admin card and the metrics pack need the numbers, not
// the people, and completed apprentices are kept for good.
import { sql, type RawBuilder } from "kysely";
import { addDaysToDate as plusDays } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { isPostgres } from "../../sdk/migrations";
import { apprenticeshipDb } from "./db.server";
import { owedFromSql } from "./owed-from.server";
import { enrolledApprentices, weeklyRequirement, type EnrolledQuery } from "./progress.server";
import { apprenticeshipSettings } from "./settings.server";

/** Whole days from one ISO date to another, in the database's own date arithmetic. */
function daysBetween(from: RawBuilder<unknown>, to: RawBuilder<unknown>, postgres: boolean) {
  return postgres ? sql<number>`(cast(${to} as date) - cast(${from} as date))` : sql<number>`cast(julianday(${to}) - julianday(${from}) as integer)`;
}

/** Only the apprentices in these teams; everyone's when there are no teams to keep to (null). */
const inTeams = (teamIds: number[] | null) => (query: EnrolledQuery) => (teamIds === null ? query : query.where("p.team_id", "in", teamIds.length ? teamIds : [-1]));

/**
 * How many apprentices are current, how many of them have a review overdue and how many are behind on
 * off-the-job hours, by the same rules as `apprentices()`: each person once, on their current intake, owing
 * hours and reviews from when they were given their place or accepted its offer when that was after the start (`owedFrom`).
 * `teamIds` keeps to those teams' apprentices.
 */
export async function apprenticeStandingCounts(now = new Date(), teamIds: number[] | null = null) {
  const today = londonToday(now);
  const settings = await apprenticeshipSettings();
  const postgres = isPostgres(apprenticeshipDb());
  const enrolled = () => enrolledApprentices(today).$call(inTeams(teamIds));
  // The weekly minimum depends only on the contracted hours, of which there are few: worked out here by
  // the one rule, and handed to the database as a lookup.
  const ftes = await enrolled().select("p.fte").distinct().execute();
  if (ftes.length === 0) return { current: 0, overdue: 0, behind: 0 };
  const perWeek = sql<number>`case ${sql.join(ftes.map(({ fte }) => sql`when p.fte = ${fte} then cast(${weeklyRequirement(fte, settings)} as integer)`), sql` `)} end`;
  const from = owedFromSql(postgres);
  // A review falls overdue the day after `reviewWeeks` from the last one (or when they were owed from), as reviewDue says.
  const reviewedBy = plusDays(today, -settings.reviewWeeks * 7);
  const endsOn = sql<string>`${sql.raw(postgres ? "least" : "min")}(${today}, c.ends_on, coalesce(done.degree_on, ${today}))`;
  const weeks = sql<number>`case when ${endsOn} > ${from} then ${daysBetween(from, endsOn, postgres)} / 7 else 0 end`;
  const row = await enrolled()
    .leftJoin(
      (eb) => eb.selectFrom("apprenticeship_reviews").select(["person_id", (r) => r.fn.max("held_on").as("last")]).groupBy("person_id").as("r"),
      (join) => join.onRef("r.person_id", "=", "p.id"),
    )
    .leftJoin(
      (eb) => eb.selectFrom("apprenticeship_otj").select(["person_id", (o) => o.fn.sum<number>("minutes").as("minutes")]).groupBy("person_id").as("o"),
      (join) => join.onRef("o.person_id", "=", "p.id"),
    )
    .select([
      sql<number>`sum(case when done.registered_on is null then 1 else 0 end)`.as("current"),
      sql<number>`sum(case when done.registered_on is null and coalesce(r.last, ${from}) < ${reviewedBy} then 1 else 0 end)`.as("overdue"),
      // Someone registered has finished: a shortfall they finished with is history, not something to act on.
      sql<number>`sum(case when done.registered_on is null and coalesce(o.minutes, 0) < ${weeks} * ${perWeek} then 1 else 0 end)`.as("behind"),
    ])
    .executeTakeFirstOrThrow();
  return { current: Number(row.current ?? 0), overdue: Number(row.overdue ?? 0), behind: Number(row.behind ?? 0) };
}
