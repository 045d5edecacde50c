// The pages the benchmark drives, each with the demo account that would open it, resolved against the
// seeded database (the ids differ between seeds).
import { sql } from "kysely";
import { createDb } from "../../../db/connection";

export type Account = "practitioner" | "manager" | "service.manager" | "ld" | "admin";

export interface BenchPage {
  name: string;
  path: string;
  account: Account;
}

export const FLOOR: BenchPage = { name: "floor", path: "/accessibility", account: "practitioner" };

export async function benchPages(url: string, pluginIds: string[]): Promise<BenchPage[]> {
  const db = createDb(url);
  try {
    const teamMember = await db.selectFrom("people").select("id").where("email", "=", "practitioner@demo.test").executeTakeFirstOrThrow();
    const register = await sessionOfCohortNearest(db, 30);
    return [
      { name: "me", path: "/me", account: "practitioner" },
      { name: "me-pathway", path: "/me/pathway", account: "practitioner" },
      { name: "me-cpd", path: "/me/cpd", account: "practitioner" },
      { name: "team", path: "/team", account: "manager" },
      { name: "team-locality", path: "/team", account: "service.manager" },
      { name: "team-person", path: `/team/${teamMember.id}`, account: "manager" },
      { name: "programmes", path: "/programmes", account: "practitioner" },
      { name: "learning", path: "/learning", account: "practitioner" },
      ...pluginIds.map((id): BenchPage => ({ name: `plugin-${id}`, path: `/programmes/${id}`, account: "ld" })),
      { name: "cohort-register", path: `/programmes/leadership/sessions/${register}/register`, account: "ld" },
      { name: "admin-people-search", path: "/admin/people?q=smith", account: "admin" },
      { name: "admin-reports", path: "/admin/reports", account: "admin" },
      { name: "team-csv", path: "/team/export.csv", account: "manager" },
    ];
  } finally {
    await db.destroy();
  }
}

/** A session of the Level 5 cohort whose enrolled learners number closest to `size`. */
async function sessionOfCohortNearest(db: ReturnType<typeof createDb>, size: number) {
  const cohort = await db
    .selectFrom("enrolments")
    .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
    .select(["cohorts.id", (eb) => eb.fn.countAll<number>().as("learners")])
    .where("cohorts.programme_id", "=", "leadership")
    .where("enrolments.status", "in", ["enrolled", "completed"])
    .groupBy("cohorts.id")
    .orderBy(sql`abs(count(*) - ${size})`)
    .orderBy("cohorts.id")
    .executeTakeFirstOrThrow();
  const session = await db.selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort.id).orderBy("sequence").executeTakeFirstOrThrow();
  return session.id;
}
