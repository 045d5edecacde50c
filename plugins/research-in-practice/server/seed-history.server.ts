// Larger scales: six years of Research in Practice learning for the qualified front line, so the
// enrolment, attendance and CPD tables are the size a national service holds. A membership gives every
// practitioner webinars and workshops; here each attends one a quarter after qualifying, in national
// runs of up to RUN_SIZE, and each completion carries its attendance mark and CPD entry as a completed
// run does (learners.server.ts).
import type { Kysely } from "kysely";
import { planSessions } from "../../../app/services/cohorts.server";
import { londonToday } from "../../../app/utils/london-time";
import type { SeedContext } from "../../sdk";
import { PLUGIN_ID } from "../programme";
import type { RipDatabase } from "./db.server";

const QUARTERS = 24;
const RUN_SIZE = 300;
const BATCH = 500;
const HISTORY_COURSES = ["rip-analysis", "rip-law", "rip-voice", "rip-adolescents"];
const QUALIFIED = ["social_worker", "asye_social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor"];

interface Learner {
  id: number;
  qualification_date: string | null;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
// Counted back from London's month, where the council is: at midnight on the first of a month in summer,
// UTC is still in the month before. The arithmetic is on the date alone, in UTC.
const quarterStart = (now: Date, quarter: number) => {
  const [year, month] = londonToday(now).split("-").map(Number);
  return iso(new Date(Date.UTC(year, month - 1 - 3 * (quarter + 1), 10)));
};

export async function seedResearchInPracticeHistory(ctx: SeedContext, db: Kysely<RipDatabase>, now: Date) {
  const courses = await db.selectFrom("research_in_practice_courses").select(["id", "title", "cpd_hours"]).where("id", "in", HISTORY_COURSES).orderBy("id").execute();
  if (courses.length === 0) return;
  const learners: Learner[] = await db.selectFrom("people").select(["id", "qualification_date"]).where("role_category", "in", QUALIFIED).where("qualification_date", "is not", null).orderBy("id").execute();
  const runs = QUARTERS * courses.length;
  let done = 0;
  for (let quarter = 0; quarter < QUARTERS; quarter += 1) {
    const startsOn = quarterStart(now, quarter);
    const qualifiedBefore = learners.filter((l) => l.qualification_date! < startsOn);
    for (const [c, course] of courses.entries()) {
      // Each learner takes a different course each quarter, so the four rotate through the years.
      const attending = qualifiedBefore.filter((l) => (l.id + quarter) % courses.length === c);
      for (let part = 0; part * RUN_SIZE < attending.length; part += 1) {
        const runId = `history-${course.id}-${startsOn}-${part + 1}`;
        await addCompletedRun(db, { runId, course, startsOn, learners: attending.slice(part * RUN_SIZE, (part + 1) * RUN_SIZE) }, now.toISOString());
      }
      ctx.progress("Research in Practice history", (done += 1), runs);
    }
  }
}

async function addCompletedRun(db: Kysely<RipDatabase>, run: { runId: string; course: { id: string; title: string; cpd_hours: number }; startsOn: string; learners: Learner[] }, stamp: string) {
  const [cohort] = await db
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: run.course.title, starts_on: run.startsOn, ends_on: run.startsOn, capacity: RUN_SIZE, venue: "Online", enrolment_opens_on: null, enrolment_closes_on: run.startsOn, online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const [plan] = planSessions({ firstDate: run.startsOn, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 90, titles: [run.course.title] });
  const [session] = await db.insertInto("cohort_sessions").values({ ...plan, cohort_id: cohort.id, location: "Online" }).returning("id").execute();
  await db.insertInto("research_in_practice_runs").values({ id: run.runId, course_id: run.course.id, cohort_id: cohort.id, session_id: session.id, tailored: 0, withdrawn: 0 }).execute();
  for (let i = 0; i < run.learners.length; i += BATCH) {
    const batch = run.learners.slice(i, i + BATCH);
    const enrolments = await db
      .insertInto("enrolments")
      .values(batch.map((l) => ({ cohort_id: cohort.id, person_id: l.id, status: "completed" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: l.id, override_reason: null, created_at: stamp, updated_at: stamp })))
      .returning(["id", "person_id"])
      .execute();
    await db.insertInto("attendance").values(enrolments.map((e) => ({ session_id: session.id, enrolment_id: e.id, status: "present" as const, marked_by: null, marked_at: plan.ends_at }))).execute();
    await db
      .insertInto("cpd_entries")
      .values(enrolments.map((e) => ({ person_id: e.person_id, source: PLUGIN_ID, source_ref: `enrolment:${e.id}`, title: run.course.title, occurred_on: run.startsOn, hours: run.course.cpd_hours, reflection: null, created_at: stamp })))
      .execute();
  }
}
