// The weekly caseload check, in a few grouped queries however many people there are: each week's totals
// for the experienced social workers and the ASYE workers, and the ASYE workers over the limit (or with
// the highest caseloads) among the people the viewer may see.
import { sql, type Kysely } from "kysely";
import type { Viewer } from "../../../sdk";
import { teamScope } from "../../../../app/services/people.server";
import { pageWindow } from "../../../../app/utils/paging.server";
import { peopleScope, scopedPeople } from "../../../../app/utils/permissions.server";
import { ASYE_STAGE, PAGE_SIZE, type CaseloadSettings } from "../constants";
import { checkWeek, isOverLimit, type WeekCheck, type WeekTotals } from "./rule";
import { caseloadDb, type CaseloadDatabase } from "./db.server";

type Executor = Kysely<CaseloadDatabase>;

/**
 * Thresholds go into the SQL as literals: PostgreSQL cannot type a bare parameter in arithmetic. They are
 * totals this module computed; this refuses anything that is not a whole number all the same.
 */
function whole(n: number): number {
  if (!Number.isSafeInteger(n)) throw new Error(`Not a whole number: ${n}`);
  return n;
}

/** Each week's totals, oldest first: from `fromWeek` on, or only the weeks named. One query over the per-stage totals. */
export async function weeklyTotals(settings: CaseloadSettings, options: { fromWeek?: string; weeks?: string[] } = {}, executor: Executor = caseloadDb()): Promise<WeekTotals[]> {
  const experienced = settings.experiencedStages;
  let query = executor
    .selectFrom("asye_caseload_stage_totals as s")
    .select((eb) => [
      "s.week_of",
      eb.fn.sum<number>(eb.case().when("s.career_stage", "in", experienced).then(eb.ref("s.cases")).else(eb.lit(0)).end()).as("experienced_cases"),
      eb.fn.sum<number>(eb.case().when("s.career_stage", "in", experienced).then(eb.ref("s.people")).else(eb.lit(0)).end()).as("experienced_people"),
      eb.fn.sum<number>(eb.case().when("s.career_stage", "=", ASYE_STAGE).then(eb.ref("s.cases")).else(eb.lit(0)).end()).as("asye_cases"),
      eb.fn.sum<number>(eb.case().when("s.career_stage", "=", ASYE_STAGE).then(eb.ref("s.people")).else(eb.lit(0)).end()).as("asye_people"),
    ])
    .where("s.career_stage", "in", [...experienced, ASYE_STAGE]);
  if (options.fromWeek) query = query.where("s.week_of", ">=", options.fromWeek);
  if (options.weeks) query = query.where("s.week_of", "in", options.weeks.length > 0 ? options.weeks : [""]);
  const rows = await query.groupBy("s.week_of").orderBy("s.week_of").execute();
  return rows.map((r) => ({
    weekOf: r.week_of,
    experiencedCases: Number(r.experienced_cases),
    experiencedPeople: Number(r.experienced_people),
    asyeCases: Number(r.asye_cases),
    asyePeople: Number(r.asye_people),
  }));
}

/** The weeks with figures, newest first. */
export async function importedWeeks(limit: number, executor: Executor = caseloadDb()): Promise<string[]> {
  const rows = await executor.selectFrom("asye_caseload_stage_totals").select("week_of").groupBy("week_of").orderBy("week_of", "desc").limit(limit).execute();
  return rows.map((r) => r.week_of);
}

/** The check for one week: averages, the limit, and whether the ASYE average is over it. */
export async function checkForWeek(settings: CaseloadSettings, week: string, executor: Executor = caseloadDb()): Promise<WeekCheck> {
  const [totals] = await weeklyTotals(settings, { weeks: [week] }, executor);
  return checkWeek(totals ?? { weekOf: week, experiencedCases: 0, experiencedPeople: 0, asyeCases: 0, asyePeople: 0 }, settings.sharePercent);
}

/**
 * How many ASYE workers were over the limit in each of the weeks given, in one query: among the people
 * named, or the people the viewer may see, or everyone.
 */
export async function flaggedCounts(settings: CaseloadSettings, totals: WeekTotals[], among: { personIds?: number[]; viewer?: Viewer } = {}, executor: Executor = caseloadDb()): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const weeks = totals.filter((w) => w.experiencedPeople > 0);
  const { personIds, viewer } = among;
  if (weeks.length === 0 || (personIds && personIds.length === 0)) return counts;
  // Each week's own threshold goes in as a CASE on the week, so one query answers every week.
  const over = sql<boolean>`f.cases * 100 * (case f.week_of ${sql.join(
    weeks.map((w) => sql`when ${w.weekOf} then ${sql.lit(whole(w.experiencedPeople))}`),
    sql` `,
  )} end) > ${settings.sharePercent} * (case f.week_of ${sql.join(
    weeks.map((w) => sql`when ${w.weekOf} then ${sql.lit(whole(w.experiencedCases))}`),
    sql` `,
  )} end)`;
  let query = executor
    .selectFrom("asye_caseload_figures as f")
    .select((eb) => ["f.week_of", eb.fn.countAll<number>().as("n")])
    .where("f.career_stage", "=", ASYE_STAGE)
    .where("f.week_of", "in", weeks.map((w) => w.weekOf))
    .where(over);
  if (personIds) query = query.where("f.person_id", "in", personIds);
  if (viewer) query = inScope(query, viewer);
  for (const row of await query.groupBy("f.week_of").execute()) counts.set(row.week_of, Number(row.n));
  return counts;
}

/**
 * Limits a query over figures (as `f`) to the people the viewer may see, through the one scope function;
 * or, for `teamOnly`, to the line they manage as /team counts it (core `teamScope`), even when L&D or
 * admin lets them see everyone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function inScope<Q extends { where: (...args: any[]) => Q }>(query: Q, viewer: Viewer, teamOnly = false): Q {
  const scope = teamOnly ? teamScope(viewer) : peopleScope(viewer);
  if (scope.kind === "everyone") return query;
  return query.where("f.person_id", "in", scopedPeople(scope).select("people.id"));
}

export interface WorkerCaseload {
  personId: number;
  name: string;
  employeeNumber: string;
  teamName: string;
  cases: number;
  overLimit: boolean;
}

export interface WorkerListOptions {
  page: number;
  /** A locality or service: the ASYE workers in the teams beneath it. */
  unitId?: number;
  /** Only the workers over the limit. */
  overLimitOnly?: boolean;
  /** Only the workers in the line the viewer manages: what the /team card counts. */
  teamOnly?: boolean;
}

/**
 * A page of the week's ASYE workers among the people the viewer may see, highest caseload first, with the
 * total: the weekly report's "highest caseloads" list, or (with `overLimitOnly`) the flagged workers. A page
 * past the end shows the last.
 */
export async function asyeWorkersForWeek(viewer: Viewer, check: WeekCheck, options: WorkerListOptions) {
  const filtered = () => {
    let query = caseloadDb()
      .selectFrom("asye_caseload_figures as f")
      .innerJoin("people as p", "p.id", "f.person_id")
      .innerJoin("org_units as team", "team.id", "p.team_id")
      .where("f.week_of", "=", check.weekOf)
      .where("f.career_stage", "=", ASYE_STAGE);
    query = inScope(query, viewer, options.teamOnly);
    if (options.unitId) query = query.where("team.parent_id", "=", options.unitId);
    if (options.overLimitOnly) {
      if (check.experiencedPeople === 0) return query.where(sql<boolean>`1 = 0`);
      query = query.where(sql<boolean>`f.cases * 100 * ${sql.lit(whole(check.experiencedPeople))} > ${sql.lit(whole(check.sharePercent))} * ${sql.lit(whole(check.experiencedCases))}`);
    }
    return query;
  };
  const count = await filtered().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(count.n);
  const { page, pageCount, offset, limit } = pageWindow(total, options.page, PAGE_SIZE);
  const rows = await filtered()
    .select(["p.id", "p.given_name", "p.family_name", "p.employee_number", "team.name as team_name", "f.cases"])
    .orderBy("f.cases", "desc")
    .orderBy("p.family_name")
    .orderBy("p.given_name")
    .orderBy("p.id")
    .limit(limit)
    .offset(offset)
    .execute();
  const workers: WorkerCaseload[] = rows.map((r) => ({
    personId: r.id,
    name: `${r.given_name} ${r.family_name}`,
    employeeNumber: r.employee_number,
    teamName: r.team_name,
    cases: r.cases,
    overLimit: isOverLimit(r.cases, check, check.sharePercent),
  }));
  return { workers, total, page, pageCount };
}

/** The localities and city-wide services, for L&D's filter. */
export async function organisationUnits() {
  return caseloadDb().selectFrom("org_units").select(["id", "name"]).where("kind", "in", ["locality", "service"]).orderBy("name").execute();
}
