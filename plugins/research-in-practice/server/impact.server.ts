// The impact report: for a course, optionally one locality and one quarter (by the run's end), the change
// in confidence per objective, response rates and follow-up answers. Aggregates only: no learner is named.
import { ripDb } from "./db.server";

export interface ImpactFilter {
  courseId: string;
  localityId?: number;
  /** "2026-Q3" */
  quarter?: string;
}

export const quarterOf = (iso: string) => `${iso.slice(0, 4)}-Q${Math.floor((Number(iso.slice(5, 7)) - 1) / 3) + 1}`;

const mean = (values: number[]) => (values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100 : null);

export async function impactReport(filter: ImpactFilter) {
  let query = ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as team", "team.id", "p.team_id")
    .leftJoin("research_in_practice_evaluations as ev", "ev.enrolment_id", "e.id")
    .select(["e.status", "c.ends_on", "team.parent_id as locality_id", "ev.before_json", "ev.after_json", "ev.followup_changed", "ev.followup_example", "ev.will_do_differently"])
    .where("r.course_id", "=", filter.courseId)
    .where("e.status", "=", "completed");
  if (filter.localityId) query = query.where("team.parent_id", "=", filter.localityId);
  if (filter.quarter && /^\d{4}-Q[1-4]$/.test(filter.quarter)) {
    const year = filter.quarter.slice(0, 4);
    const q = Number(filter.quarter.slice(6));
    const from = `${year}-${String((q - 1) * 3 + 1).padStart(2, "0")}-01`;
    const to = q === 4 ? `${Number(year) + 1}-01-01` : `${year}-${String(q * 3 + 1).padStart(2, "0")}-01`;
    query = query.where("c.ends_on", ">=", from).where("c.ends_on", "<", to);
  }
  const rows = await query.execute();
  const course = await ripDb().selectFrom("research_in_practice_courses").select(["objectives_json"]).where("id", "=", filter.courseId).executeTakeFirst();
  const objectives = course ? (JSON.parse(course.objectives_json) as string[]) : [];
  const paired = rows.filter((r) => r.before_json && r.after_json).map((r) => ({ before: JSON.parse(r.before_json!) as number[], after: JSON.parse(r.after_json!) as number[] }));
  return {
    completed: rows.length,
    responses: { before: rows.filter((r) => r.before_json).length, after: rows.filter((r) => r.after_json).length, followup: rows.filter((r) => r.followup_changed).length },
    objectives: objectives.map((objective, i) => {
      const before = mean(paired.map((p) => p.before[i]).filter((v) => v !== undefined));
      const after = mean(paired.map((p) => p.after[i]).filter((v) => v !== undefined));
      return { objective, before, after, change: before !== null && after !== null ? Math.round((after - before) * 100) / 100 : null, pairs: paired.length };
    }),
    followUp: { yes: rows.filter((r) => r.followup_changed === "yes").length, partly: rows.filter((r) => r.followup_changed === "partly").length, no: rows.filter((r) => r.followup_changed === "no").length },
    examples: rows.map((r) => r.followup_example).filter((x): x is string => Boolean(x)).slice(0, 20),
  };
}

/** The quarters and localities that have completions of a course, for the report's filters. */
export async function impactFilters(courseId: string) {
  const rows = await ripDb()
    .selectFrom("enrolments as e")
    .innerJoin("research_in_practice_runs as r", "r.cohort_id", "e.cohort_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select("c.ends_on")
    .where("r.course_id", "=", courseId)
    .where("e.status", "=", "completed")
    .execute();
  const localities = await ripDb().selectFrom("org_units").select(["id", "name"]).where("parent_id", "is", null).orderBy("name").execute();
  return { quarters: [...new Set(rows.map((r) => quarterOf(r.ends_on)))].sort().reverse(), localities };
}
