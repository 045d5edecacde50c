// Demo and scale data (DEMO.md): the bundled sample catalogue applied as a sync would apply it, bookings
// on its runs, completions on the past runs with their evaluations, and a tailored permanence run; at the
// larger scales, six years of completed webinars and workshops for the qualified front line.
import type { Kysely } from "kysely";
import { londonToday } from "../../../app/utils/london-time";
import type { SeedContext, SeedScale } from "../../sdk";
import type { RipDatabase } from "./db.server";
import { sampleCourses } from "./sample-feed.server";
import { seedResearchInPracticeHistory } from "./seed-history.server";
import { applyCourses, checkItems } from "./sync.server";

export async function seedResearchInPractice(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<RipDatabase>;
  const now = ctx.now();
  // The sample feed dates its runs from London's day at `now`, where they take place.
  const today = londonToday(now);
  const { courses } = checkItems(sampleCourses(now));
  await applyCourses(db, courses, now);
  await db.insertInto("research_in_practice_sync").values({ key: "cursor", value: courses.map((c) => c.lastModified).sort().pop()! }).execute();
  const runs = await db.selectFrom("research_in_practice_runs as r").innerJoin("cohorts as c", "c.id", "r.cohort_id").select(["r.id", "r.cohort_id", "r.session_id", "r.course_id", "c.starts_on", "c.ends_on", "c.capacity"]).execute();
  const staff = await db.selectFrom("people").select("id").where("role_category", "in", ["social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor"]).orderBy("id").limit(scale === "demo" ? 60 : 400).execute();
  const stamp = now.toISOString();
  let next = 0;
  for (const run of runs) {
    const past = run.ends_on < today;
    const size = Math.min(run.capacity - 2, past ? 12 : 6);
    const learners = staff.slice(next % staff.length, (next % staff.length) + size);
    next += size;
    for (const [i, person] of learners.entries()) {
      const [enrolment] = await db
        .insertInto("enrolments")
        .values({ cohort_id: run.cohort_id, person_id: person.id, status: past ? "completed" : "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: person.id, override_reason: null, created_at: stamp, updated_at: stamp })
        .returning("id")
        .execute();
      if (!past) continue;
      await db.insertInto("attendance").values({ session_id: run.session_id, enrolment_id: enrolment.id, status: "present", marked_by: null, marked_at: stamp }).execute();
      const course = courses.find((c) => c.id === run.course_id)!;
      await db.insertInto("cpd_entries").values({ person_id: person.id, source: "research-in-practice", source_ref: `enrolment:${enrolment.id}`, title: course.title, occurred_on: run.ends_on, hours: course.cpdHours, reflection: null, created_at: stamp }).execute();
      // Most learners answered before and after; two in three answered the follow-up.
      if (i % 5 === 4) continue;
      const before = course.objectives.map((_, o) => 2 + ((i + o) % 2));
      const after = before.map((b, o) => Math.min(5, b + 1 + ((i + o) % 2)));
      await db
        .insertInto("research_in_practice_evaluations")
        .values({
          enrolment_id: enrolment.id,
          before_json: JSON.stringify(before),
          before_at: stamp,
          after_json: JSON.stringify(after),
          after_at: stamp,
          will_do_differently: "Start planning for permanence at the first review, and write down the child's own words.",
          followup_changed: i % 3 === 2 ? null : i % 3 === 0 ? "yes" : "partly",
          followup_example: i % 3 === 0 ? "I started a later-life letter with a child in the first month of care." : null,
          followup_at: i % 3 === 2 ? null : stamp,
        })
        .execute();
    }
  }
  if (scale !== "demo") await seedResearchInPracticeHistory(ctx, db, now);
}
