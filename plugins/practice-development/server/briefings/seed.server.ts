// Demo and scale data: the four briefings from the source (a good assessment under Signs of Safety,
// private fostering, permanence, pathway plan training), each with a rollout part-way, confirmations,
// a pathway-plan session cohort with attendance, and the Signs of Safety stages. Inserts go in batches,
// so the city and national scales stay quick.
import type { Kysely } from "kysely";
import { planSessions } from "../../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../../app/utils/dates";
import { londonToday } from "../../../../app/utils/london-time";
import type { SeedContext, SeedScale } from "../../../sdk";
import { PLUGIN_ID, type CohortKind } from "../../programme";
import type { PdDatabase } from "../db.server";

const BATCH = 500;
const iso = (d: Date) => d.toISOString().slice(0, 10);
// Counted from London's day, where the council is: from midnight to 1am in summer, UTC's date is still
// yesterday. The arithmetic is on the date alone, in UTC, so it never shifts by an hour.
const daysFrom = (now: Date, days: number) => addDaysToDate(londonToday(now), days);

async function insertBatched<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

const FRONTLINE = ["social_worker", "asye_social_worker", "senior_practitioner", "advanced_practitioner", "practice_supervisor", "assistant_team_manager", "team_manager"];

const BRIEFINGS = [
  {
    key: "assessment",
    title: "What a good assessment looks like (Signs of Safety)",
    summary: "How the Signs of Safety practice model shapes a good assessment: what we are worried about, what is working well and what needs to happen, in words the family understands, with the child's voice throughout.",
    link: "https://intranet.example.org/practice/good-assessment",
    delivery: "read" as const,
    induction: 1,
    roles: FRONTLINE,
    version: 1,
    countsFrom: 1,
    dueInDays: 45,
    target: 90,
    share: 0.6,
  },
  {
    key: "private-fostering",
    title: "Private fostering",
    summary: "What private fostering is, the duty to notify and assess, the timescales for visits, and how to raise awareness with schools, health and community partners.",
    link: "https://intranet.example.org/practice/private-fostering",
    delivery: "read" as const,
    induction: 1,
    roles: [] as string[],
    version: 1,
    countsFrom: 1,
    dueInDays: 75,
    target: 80,
    share: 0.45,
  },
  {
    key: "permanence",
    title: "Permanence",
    summary: "Permanence planning from the first contact: parallel planning, the child's lived experience at the centre, a culture of urgency, and the permanence planning meeting. Version 2 adds the peer review's findings, so everyone confirms again.",
    link: "https://intranet.example.org/practice/permanence",
    delivery: "read" as const,
    induction: 0,
    roles: FRONTLINE,
    version: 2,
    countsFrom: 2,
    dueInDays: 30,
    target: 95,
    share: 0.35,
  },
  {
    key: "pathway-plans",
    title: "Pathway plan training",
    summary: "Writing pathway plans with care leavers: for Personal Advisers, social workers and Independent Reviewing Officers, rolled out across the service within six months.",
    link: "https://intranet.example.org/practice/pathway-plans",
    delivery: "session" as const,
    induction: 1,
    roles: ["personal_adviser", "social_worker", "independent_reviewing_officer"],
    version: 1,
    countsFrom: 1,
    dueInDays: 120,
    target: 100,
    share: 0.3,
  },
];

export async function seedPracticeDevelopment(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<PdDatabase>;
  const now = ctx.now();
  const stamp = now.toISOString();
  const demoAccounts = new Set((await db.selectFrom("people").select("id").where("email", "like", "%@demo.test").execute()).map((r) => r.id));
  const briefingIds = new Map<string, number>();
  for (const [index, b] of BRIEFINGS.entries()) {
    ctx.progress("briefings", index, BRIEFINGS.length);
    const [row] = await db
      .insertInto("practice_development_briefings")
      .values({ title: b.title, summary: b.summary, version: b.version, counts_from_version: b.countsFrom, link_url: b.link, document_url: null, delivery: b.delivery, in_induction: b.induction, created_at: daysFrom(now, -60) + "T09:00:00.000Z", updated_at: stamp })
      .returning("id")
      .execute();
    briefingIds.set(b.key, row.id);
    await db.insertInto("practice_development_briefing_versions").values(Array.from({ length: b.version }, (_, v) => ({ briefing_id: row.id, version: v + 1, summary: b.summary, requires_reconfirmation: 1, created_by: null, created_at: daysFrom(now, -60 + v * 30) + "T09:00:00.000Z" }))).execute();
    if (b.roles.length) await db.insertInto("practice_development_briefing_audience").values(b.roles.map((r) => ({ briefing_id: row.id, kind: "role" as const, value: r }))).execute();
    const [rollout] = await db
      .insertInto("practice_development_rollouts")
      .values({ briefing_id: row.id, starts_on: daysFrom(now, -60), due_on: daysFrom(now, b.dueInDays), target_percent: b.target, created_by: null, created_at: daysFrom(now, -60) + "T09:00:00.000Z" })
      .returning("id")
      .execute();
    if (b.roles.length) await db.insertInto("practice_development_rollout_targets").values(b.roles.map((r) => ({ rollout_id: rollout.id, kind: "role" as const, value: r }))).execute();

    if (b.delivery !== "read") continue;
    // Part-way: a share of the people it is meant for have confirmed (never the demo accounts, so
    // their /me shows the action); for permanence, some confirmed only the first version.
    const audience = ctx.people.filter((p) => (b.roles.length === 0 || b.roles.includes(p.roleCategory)) && !demoAccounts.has(p.id));
    const rows = audience.flatMap((p, i) => {
      const position = ((i * 37) % 100) / 100;
      if (position < b.share) return [{ briefing_id: row.id, person_id: p.id, version: b.version, confirmed_at: daysFrom(now, -((i % 40) + 1)) + "T10:00:00.000Z" }];
      if (b.version > 1 && position < b.share + 0.3) return [{ briefing_id: row.id, person_id: p.id, version: 1, confirmed_at: daysFrom(now, -50) + "T10:00:00.000Z" }];
      return [];
    });
    await insertBatched(rows, (batch) => db.insertInto("practice_development_confirmations").values(batch).execute());
  }

  // Pathway plan training: a held session with attendance, and an upcoming one with bookings.
  const pathway = BRIEFINGS[3];
  const pathwayId = briefingIds.get(pathway.key)!;
  const learners = ctx.people.filter((p) => pathway.roles.includes(p.roleCategory) && !demoAccounts.has(p.id));
  const perCohort = scale === "demo" ? 12 : 40;
  const past = await addCohort(db, { name: "Pathway plan training: first session", kind: "briefing", briefingId: pathwayId, version: 1, firstDate: daysFrom(now, -21), days: 1, capacity: perCohort + 4 }, stamp);
  const next = await addCohort(db, { name: "Pathway plan training: second session", kind: "briefing", briefingId: pathwayId, version: 1, firstDate: daysFrom(now, 21), days: 1, capacity: perCohort + 4 }, stamp);
  const held = await enrol(db, past.id, learners.slice(0, perCohort).map((p) => p.id), stamp);
  await insertBatched(held.map((e, i) => ({ session_id: past.sessions[0].id, enrolment_id: e.id, status: i % 6 === 5 ? ("absent" as const) : ("present" as const), marked_by: null, marked_at: past.sessions[0].starts_at })), (batch) => db.insertInto("attendance").values(batch).execute());
  await enrol(db, next.id, learners.slice(perCohort, perCohort * 2).map((p) => p.id), stamp);

  // Signs of Safety training: an introduction already held, then a two-day course and practice-lead development.
  const practitioners = ctx.people.filter((p) => FRONTLINE.includes(p.roleCategory) && !demoAccounts.has(p.id));
  const intro = await addCohort(db, { name: "Signs of Safety: introduction", kind: "sos_intro", briefingId: null, version: null, firstDate: daysFrom(now, -30), days: 1, capacity: 30 }, stamp);
  const introPlaces = await enrol(db, intro.id, practitioners.slice(0, 20).map((p) => p.id), stamp);
  await insertBatched(introPlaces.map((e) => ({ session_id: intro.sessions[0].id, enrolment_id: e.id, status: "present" as const, marked_by: null, marked_at: intro.sessions[0].starts_at })), (batch) => db.insertInto("attendance").values(batch).execute());
  const course = await addCohort(db, { name: "Signs of Safety: two-day course", kind: "sos_course", briefingId: null, version: null, firstDate: daysFrom(now, 28), days: 2, capacity: 20 }, stamp);
  await enrol(db, course.id, practitioners.slice(0, 8).map((p) => p.id), stamp);
  await addCohort(db, { name: "Signs of Safety: practice-lead development", kind: "sos_practice_lead", briefingId: null, version: null, firstDate: daysFrom(now, 70), days: 1, capacity: 12 }, stamp);
  ctx.progress("briefings", BRIEFINGS.length, BRIEFINGS.length);
  if (scale !== "demo") await seedSignsOfSafetyHistory(ctx, db, practitioners.slice(20).map((p) => p.id), now);
}

/**
 * Larger scales: everyone else on the front line took the introduction and the two-day course over the
 * last three years, so the attendance and cohort tables are the size a national service would have.
 */
async function seedSignsOfSafetyHistory(ctx: SeedContext, db: Kysely<PdDatabase>, people: number[], now: Date) {
  const stamp = now.toISOString();
  const courses = [
    { name: "Signs of Safety: introduction", kind: "sos_intro" as const, days: 1, size: 30 },
    { name: "Signs of Safety: two-day course", kind: "sos_course" as const, days: 2, size: 20 },
  ];
  const total = courses.reduce((sum, c) => sum + Math.ceil(people.length / c.size), 0);
  let done = 0;
  for (const course of courses) {
    for (let start = 0; start < people.length; start += course.size) {
      const firstDate = daysFrom(now, -60 - ((done * 7) % 1000));
      const cohort = await addCohort(db, { name: `${course.name} (${firstDate})`, kind: course.kind, briefingId: null, version: null, firstDate, days: course.days, capacity: course.size }, stamp);
      const places = await enrol(db, cohort.id, people.slice(start, start + course.size), stamp, "completed");
      const marks = cohort.sessions.flatMap((session) => places.map((e, i) => ({ session_id: session.id, enrolment_id: e.id, status: i % 25 === 24 ? ("excused" as const) : ("present" as const), marked_by: null, marked_at: session.starts_at })));
      await insertBatched(marks, (batch) => db.insertInto("attendance").values(batch).execute());
      ctx.progress("Signs of Safety history", (done += 1), total);
    }
  }
}

async function addCohort(db: Kysely<PdDatabase>, v: { name: string; kind: CohortKind; briefingId: number | null; version: number | null; firstDate: string; days: number; capacity: number }, stamp: string) {
  const dates = Array.from({ length: v.days }, (_, i) => iso(new Date(Date.parse(`${v.firstDate}T00:00:00Z`) + i * 86_400_000)));
  const [cohort] = await db
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name: v.name, starts_on: dates[0], ends_on: dates[dates.length - 1], capacity: v.capacity, enrolment_opens_on: null, enrolment_closes_on: dates[0], venue: "Council Learning Centre, Room 1", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  const sessions = await db
    .insertInto("cohort_sessions")
    .values(dates.map((date, i) => ({ ...planSessions({ firstDate: date, cadence: "weekly", count: 1, time: "09:30", durationMinutes: 180, location: "Council Learning Centre, Room 1" })[0], sequence: i + 1, title: v.days > 1 ? `${v.name} (${i + 1}/${v.days})` : v.name, cohort_id: cohort.id })))
    .returning(["id", "starts_at"])
    .execute();
  await db.insertInto("practice_development_cohorts").values({ cohort_id: cohort.id, kind: v.kind, briefing_id: v.briefingId, briefing_version: v.version }).execute();
  return { id: cohort.id, sessions };
}

async function enrol(db: Kysely<PdDatabase>, cohortId: number, people: number[], stamp: string, status: "enrolled" | "completed" = "enrolled") {
  if (people.length === 0) return [];
  return db
    .insertInto("enrolments")
    .values(people.map((personId) => ({ cohort_id: cohortId, person_id: personId, status, waitlist_position: null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: stamp, updated_at: stamp })))
    .returning(["id"])
    .execute();
}
