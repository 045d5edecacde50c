// The core's own figures in the quarterly pack: each enabled programme's uptake, completions and waiting
// list on the cohort engine, and how many registered social workers are up to date with CPD.
import { sql } from "kysely";
import type { MetricFigure, MetricsScope } from "../../../plugins/sdk";
import { enabledPlugins } from "../../plugins.server";
import { db } from "../../utils/db.server";
import { fixedT } from "../../utils/i18n.server";
import type { Locale } from "../../utils/i18n";
import { cpdRule, reflectedEntry, registrationYearOf } from "../cpd-standing.server";
import { waitingListEnded } from "../waiting-list-ended.server";
import { quarterInstants } from "./scope.server";

const toNumber = (value: string | number | bigint | null | undefined) => Number(value ?? 0);

/** The scope's teams for an IN list: none matches nothing, and null (everyone) is not filtered at all. */
const teamList = (scope: MetricsScope) => (scope.teamIds && scope.teamIds.length ? scope.teamIds : [-1]);

/** The ids of the people in the scope's teams, for a sub-query; only for a scope of teams (not null). */
const peopleInTeams = (scope: MetricsScope) => db().selectFrom("people").select("id").where("team_id", "in", teamList(scope));

/** Made in the quarter: a request, a booking or a place given, whatever has become of it since. */
const madeIn = (startsAt: string, endsBefore: string) => sql`(e.created_at >= ${startsAt} and e.created_at < ${endsBefore})`;

/**
 * A request refused before the quarter ended, which took up no place. One still waiting for its decision
 * then counted, and a decline after must not take it out. A declined row changes only when asked for again,
 * which makes it a request of its own, so `updated_at` is still the moment of the decline.
 */
const declinedBefore = (endsBefore: string) => sql`(e.status = 'declined' and e.updated_at < ${endsBefore})`;

/**
 * Enrolments made in the quarter (uptake), completed in it, and on a waiting list now, per programme: on
 * one that may still give them a place, not one that is over, nor one whose programme gives nobody waiting
 * a place once the cohort has begun (`waitingListEnded`), as practice development's session pages tell them.
 * A quarter that is over keeps its uptake and completions: they are read from dates a later change leaves
 * alone, never from the status or `updated_at` as they are now.
 */
async function programmeFigures(scope: MetricsScope, locale: Locale, now: Date): Promise<MetricFigure[]> {
  const plugins = await enabledPlugins();
  if (plugins.length === 0) return [];
  const { startsAt, endsBefore } = quarterInstants(scope);
  // A scope's people by a sub-query, not a join: for the whole service a join looked up the person of
  // every enrolment (some 880,000 at national scale), about two seconds each time the pack asked.
  const rows = await db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select((eb) => [
      "c.programme_id",
      eb.fn.sum<number>(sql`case when ${madeIn(startsAt, endsBefore)} and not ${declinedBefore(endsBefore)} then 1 else 0 end`).as("uptake"),
      eb.fn.sum<number>(sql`case when e.completed_at >= ${startsAt} and e.completed_at < ${endsBefore} then 1 else 0 end`).as("completed"),
      eb.fn.sum<number>(sql`case when e.status = 'waitlisted' and not ${waitingListEnded(plugins, now)} then 1 else 0 end`).as("waiting"),
    ])
    .where("c.programme_id", "in", plugins.map((p) => p.id))
    .$if(scope.teamIds !== null, (qb) => qb.where("e.person_id", "in", peopleInTeams(scope)))
    .groupBy("c.programme_id")
    .execute();
  const byProgramme = new Map(rows.map((r) => [r.programme_id, r]));
  return plugins
    .filter((p) => byProgramme.has(p.id))
    .flatMap((plugin) => {
      const row = byProgramme.get(plugin.id)!;
      const programme = fixedT(locale, plugin.id)(plugin.titleKey);
      const figure = (id: string, value: number, higherIsBetter: boolean, takenNow?: boolean): MetricFigure => ({
        id: `${plugin.id}.${id}`,
        labelKey: `metrics.figures.${id}`,
        labelValues: { programme },
        value,
        unit: "count",
        higherIsBetter,
        ...(takenNow ? { takenNow } : {}),
      });
      return [figure("uptake", toNumber(row.uptake), true), figure("completed", toNumber(row.completed), true), figure("waiting", toNumber(row.waiting), false, true)];
    });
}

/**
 * The share of registered social workers who, by the quarter's last day, had recorded what their
 * registration year asks for. Worked out from dated entries, so it holds for any quarter.
 */
async function cpdFigure(scope: MetricsScope): Promise<MetricFigure> {
  // The registration year the quarter reports on is the one open on its last day, except that a quarter
  // holding 30 November reports the year that ended then (October to December would otherwise measure
  // only December, the first month of the next year).
  const lastNovember = `${scope.end.slice(0, 4)}-11-30`;
  const year = registrationYearOf(scope.start <= lastNovember && lastNovember <= scope.end ? lastNovember : scope.end);
  const rule = await cpdRule();
  const upTo = scope.end < year.endsOn ? scope.end : year.endsOn;
  const perPerson = db()
    .selectFrom("cpd_entries")
    // Only entries the person has reflected on count, as on their own record (`reflectedEntry`).
    .select(["person_id", sql`sum(case when ${reflectedEntry} then 1 else 0 end)`.as("entries"), sql`sum(case when ${reflectedEntry} then peer_reflection else 0 end)`.as("peer")])
    .where("occurred_on", ">=", year.startsOn)
    .where("occurred_on", "<=", upTo)
    // Narrowed here as well as below: the join does not narrow a grouped sub-query, so a locality's
    // figure first summed the year's entries of everyone in the organisation (half a second nationally).
    .$if(scope.teamIds !== null, (qb) => qb.where("person_id", "in", peopleInTeams(scope)))
    .groupBy("person_id")
    .as("c");
  const row = await db()
    .selectFrom("people as p")
    .leftJoin(perPerson, "c.person_id", "p.id")
    .select((eb) => [
      eb.fn.countAll<number>().as("registered"),
      eb.fn.sum<number>(sql`case when coalesce(c.entries, 0) >= ${rule.minimumEntries} and coalesce(c.peer, 0) >= ${rule.minimumPeerReflections} then 1 else 0 end`).as("met"),
    ])
    .where("p.registration_number", "is not", null)
    .where("p.qualification_date", "<=", scope.end)
    .$if(scope.teamIds !== null, (qb) => qb.where("p.team_id", "in", teamList(scope)))
    .executeTakeFirstOrThrow();
  const registered = toNumber(row.registered);
  return { id: "cpd.met", labelKey: "metrics.figures.cpdMet", value: registered ? Math.round((toNumber(row.met) / registered) * 1000) / 10 : null, unit: "percent", higherIsBetter: true };
}

export async function coreFigures(scope: MetricsScope, locale: Locale, now = new Date()): Promise<MetricFigure[]> {
  return [...(await programmeFigures(scope, locale, now)), await cpdFigure(scope)];
}
