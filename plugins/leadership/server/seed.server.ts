// Demo and scale data for the Level 5 programme (DEMO.md): a first cohort part way through its sixteen
// sessions with attendance, and a second cohort open for enrolment with a waiting list and requests.
import type { Kysely } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import type { SeedContext, SeedScale } from "../../sdk";
import { planSessions } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { DEFAULT_TOPICS, FIRST_LINE_MANAGER_ROLES, PLUGIN_ID } from "../programme";

const COHORT_SIZE = 13;
const iso = (d: Date) => d.toISOString().slice(0, 10);
// The demo's dates count from London's day, where the council is: from midnight to 1am in summer, UTC's
// date is still yesterday. The arithmetic is on the date alone, in UTC, so it never shifts by an hour.
const monthsFrom = (now: Date, months: number) => {
  const [year, month, day] = londonToday(now).split("-").map(Number);
  return iso(new Date(Date.UTC(year, month - 1 + months, day)));
};
const daysBefore = (now: Date, days: number) => addDaysToDate(londonToday(now), -days);

async function addCohort(db: Kysely<Database>, values: { name: string; startsOn: string; capacity: number; opens: string | null; closes: string | null; approval: boolean }, now: Date) {
  const plan = planSessions({ firstDate: values.startsOn, cadence: "fortnightly", count: DEFAULT_TOPICS.length, time: "09:30", durationMinutes: 210, titles: [...DEFAULT_TOPICS] });
  const stamp = now.toISOString();
  const [cohort] = await db
    .insertInto("cohorts")
    .values({
      programme_id: PLUGIN_ID,
      name: values.name,
      starts_on: values.startsOn,
      ends_on: plan[plan.length - 1].starts_at.slice(0, 10),
      capacity: values.capacity,
      enrolment_opens_on: values.opens,
      enrolment_closes_on: values.closes,
      venue: "Council Learning Centre, Room 2",
      online_url: null,
      requires_manager_approval: values.approval ? 1 : 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .execute();
  const sessions = await db.insertInto("cohort_sessions").values(plan.map((s) => ({ ...s, cohort_id: cohort.id, location: "Council Learning Centre, Room 2" }))).returning(["id", "starts_at"]).execute();
  return { id: cohort.id, sessions };
}

async function enrol(db: Kysely<Database>, cohortId: number, people: number[], status: "enrolled" | "waitlisted" | "requested", now: Date, firstPosition = 1) {
  if (people.length === 0) return [];
  const stamp = now.toISOString();
  return db
    .insertInto("enrolments")
    .values(people.map((personId, i) => ({ cohort_id: cohortId, person_id: personId, status, waitlist_position: status === "waitlisted" ? firstPosition + i : null, reason: null, decided_by: null, requested_by: personId, override_reason: null, created_at: stamp, updated_at: stamp })))
    .returning(["id"])
    .execute();
}

/** Marks for the sessions already held: mostly present, with the odd absence or excused session. */
async function markPastSessions(db: Kysely<Database>, sessions: { id: number; starts_at: string }[], enrolments: { id: number }[], now: Date) {
  const past = sessions.filter((s) => s.starts_at < now.toISOString());
  const rows = past.flatMap((s, si) =>
    enrolments.map((e, ei) => ({
      session_id: s.id,
      enrolment_id: e.id,
      status: (ei * 7 + si * 3) % 23 === 0 ? ("absent" as const) : (ei + si) % 17 === 0 ? ("excused" as const) : ("present" as const),
      marked_by: null,
      marked_at: s.starts_at,
    })),
  );
  for (let i = 0; i < rows.length; i += 500) await db.insertInto("attendance").values(rows.slice(i, i + 500)).execute();
}

const ACTIVITIES = ["Reading: reflective supervision", "Shadowing a service manager", "Action learning set", "Reading: leading change", "Case audit with a practice lead", "Reflective log"];

/** Six self-study entries each over the last months: the older four confirmed, the newest two waiting. */
async function logSelfStudy(db: Kysely<Database>, enrolments: { id: number }[], now: Date) {
  const rows = enrolments.flatMap((e, ei) =>
    ACTIVITIES.map((activity, ai) => {
      const day = daysBefore(now, 160 - ai * 25 - (ei % 5));
      return { enrolment_id: e.id, occurred_on: day, activity, minutes: 90 + ((ei + ai) % 4) * 30, reflection: null, confirmed_by: null, confirmed_at: ai < 4 ? `${day}T17:00:00.000Z` : null, created_at: `${day}T12:00:00.000Z` };
    }),
  );
  if (rows.length) await (db as unknown as Kysely<{ leadership_guided_learning: (typeof rows)[number] }>).insertInto("leadership_guided_learning").values(rows).execute();
}

/** The first unit assessed for everyone (a few referred), the second for half; the third is still to come. */
async function recordUnitResults(db: Kysely<Database>, enrolments: { id: number }[], now: Date) {
  const units = await (db as unknown as Kysely<{ leadership_units: { id: number; sequence: number } }>).selectFrom("leadership_units").select(["id", "sequence"]).orderBy("sequence").execute();
  const day = (daysAgo: number) => daysBefore(now, daysAgo);
  const rows = enrolments.flatMap((e, i) => [
    { enrolment_id: e.id, unit_id: units[0].id, submitted_on: day(90), result: i % 6 === 5 ? "refer" : "pass", feedback: null, assessed_by: null, assessed_at: `${day(75)}T12:00:00.000Z` },
    ...(i % 2 === 0 ? [{ enrolment_id: e.id, unit_id: units[1].id, submitted_on: day(30), result: "pass", feedback: null, assessed_by: null, assessed_at: `${day(20)}T12:00:00.000Z` }] : []),
  ]);
  if (rows.length && units.length >= 2) await (db as unknown as Kysely<{ leadership_unit_results: (typeof rows)[number] }>).insertInto("leadership_unit_results").values(rows).execute();
}

export async function seedLeadership(ctx: SeedContext, scale: SeedScale) {
  const db = ctx.db as Kysely<Database>;
  const now = ctx.now();
  // The demo's learners are first line managers, as they were before IROs could ask for a place too.
  const firstLineManagers = ctx.people.filter((p) => FIRST_LINE_MANAGER_ROLES.includes(p.roleCategory));
  const teamManagers = firstLineManagers.filter((p) => p.roleCategory === "team_manager");
  // The demo manager is the first team manager seeded; the next two run North's other teams and ask
  // for places on the next cohort, so North's service manager has requests to decide.
  const [demoManager, ...otherManagers] = teamManagers;
  const northRequests = otherManagers.slice(0, 2).map((p) => p.id);
  const pool = firstLineManagers.filter((p) => p.id !== demoManager?.id && !northRequests.includes(p.id)).map((p) => p.id);

  const first = await addCohort(db, { name: "Cohort 1", startsOn: monthsFrom(now, -6), capacity: COHORT_SIZE, opens: null, closes: monthsFrom(now, -6), approval: true }, now);
  const firstLearners = [demoManager?.id, ...pool.splice(0, COHORT_SIZE - 1)].filter((id): id is number => id !== undefined);
  const firstEnrolments = await enrol(db, first.id, firstLearners, "enrolled", now);
  await markPastSessions(db, first.sessions, firstEnrolments, now);
  await logSelfStudy(db, firstEnrolments, now);
  await recordUnitResults(db, firstEnrolments, now);

  const second = await addCohort(db, { name: "Cohort 2", startsOn: monthsFrom(now, 3), capacity: 12, opens: monthsFrom(now, -1), closes: monthsFrom(now, 2), approval: true }, now);
  await enrol(db, second.id, pool.splice(0, 12), "enrolled", now);
  await enrol(db, second.id, pool.splice(0, 3), "waitlisted", now);
  await enrol(db, second.id, northRequests, "requested", now);

  // Larger scales: earlier cohorts of everyone else, each complete with its attendance.
  if (scale === "demo") return;
  for (let n = 0; pool.length > 0; n += 1) {
    const cohort = await addCohort(db, { name: `Cohort ${n + 3}`, startsOn: monthsFrom(now, -12 - (n % 36)), capacity: COHORT_SIZE, opens: null, closes: null, approval: false }, now);
    await markPastSessions(db, cohort.sessions, await enrol(db, cohort.id, pool.splice(0, COHORT_SIZE), "enrolled", now), now);
    ctx.progress("leadership cohorts", n + 1, n + 1 + Math.ceil(pool.length / COHORT_SIZE));
  }
}
