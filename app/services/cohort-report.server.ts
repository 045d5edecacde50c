// Reports on cohorts: attendance per session and per person with taught hours, who is on track, and
// uptake across a programme by locality and role. A handful of queries whatever the cohort's size.
import { sql, type SqlBool } from "kysely";
import { installedPlugins } from "../plugins.server";
import { db } from "../utils/db.server";
import { sessionHeld } from "./attendance.server";
import { HOLDING_STATUSES } from "./cohorts.server";
import { waitingListEnded } from "./waiting-list-ended.server";

const minutesBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 60_000);

/** People on the cohort's waiting list who may still be given a place (`waitingListEnded`). */
async function stillWaiting(cohortId: number, now: Date) {
  const { n } = await db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("e.cohort_id", "=", cohortId)
    .where("e.status", "=", "waitlisted")
    .where(sql<SqlBool>`not ${waitingListEnded(installedPlugins(), now)}`)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * One cohort's attendance. `requiredSessions` is the programme's completion rule: a person is on track
 * while what they have attended plus what is still to come reaches it.
 */
export async function cohortReport(cohortId: number, requiredSessions: number, now = new Date()) {
  const nowIso = now.toISOString();
  const [sessions, learners, marks] = await Promise.all([
    db().selectFrom("cohort_sessions").select(["id", "sequence", "title", "starts_at", "ends_at", "status"]).where("cohort_id", "=", cohortId).orderBy("starts_at").execute(),
    db()
      .selectFrom("enrolments as e")
      .innerJoin("people as p", "p.id", "e.person_id")
      .select(["e.id", "e.status", "p.given_name", "p.family_name", "p.employee_number"])
      .where("e.cohort_id", "=", cohortId)
      .where("e.status", "in", [...HOLDING_STATUSES])
      .orderBy("p.family_name")
      .orderBy("p.given_name")
      .execute(),
    // A withdrawn learner's marks are kept, but counted here they took a session past 100%.
    db()
      .selectFrom("attendance as a")
      .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
      .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
      .select(["a.session_id", "a.enrolment_id", "a.status"])
      .where("s.cohort_id", "=", cohortId)
      .where("e.status", "in", [...HOLDING_STATUSES])
      .execute(),
  ]);
  const held = sessions.filter((s) => sessionHeld(s, now));
  const toCome = sessions.filter((s) => s.status === "scheduled" && s.starts_at > nowIso).length;
  const sessionMinutes = new Map(sessions.map((s) => [s.id, minutesBetween(s.starts_at, s.ends_at)]));
  const heldIds = new Set(held.map((h) => h.id));
  // A learner attends only sessions that were held: a mark on one to come or cancelled read "10 of 9".
  const present = marks.filter((m) => m.status === "present" && heldIds.has(m.session_id));
  const waiting = await stillWaiting(cohortId, now);
  return {
    enrolled: learners.length,
    waiting,
    sessions: sessions.map((s) => {
      const marked = marks.filter((m) => m.session_id === s.id);
      const attended = marked.filter((m) => m.status === "present").length;
      return { ...s, minutes: sessionMinutes.get(s.id)!, held: held.some((h) => h.id === s.id), present: attended, absent: marked.filter((m) => m.status === "absent").length, excused: marked.filter((m) => m.status === "excused").length, rate: learners.length ? attended / learners.length : 0 };
    }),
    people: learners.map((l) => {
      const attendedSessions = present.filter((m) => m.enrolment_id === l.id);
      const attended = attendedSessions.length;
      return {
        ...l,
        attended,
        held: held.length,
        rate: held.length ? attended / held.length : 0,
        taughtMinutes: attendedSessions.reduce((sum, m) => sum + (sessionMinutes.get(m.session_id) ?? 0), 0),
        onTrack: attended + toCome >= requiredSessions,
      };
    }),
  };
}

/** Where a person's team sits: its locality, or the team itself for a city-wide service. */
const locality = sql<string>`coalesce(l.name, t.name)`;

/** A programme's take-up, one row a locality (or city-wide service) and role category, in no order yet. */
function uptakeGroups(programmeId: string) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .leftJoin("org_units as l", "l.id", "t.parent_id")
    .where("c.programme_id", "=", programmeId)
    .groupBy([locality, "p.role_category"]);
}

/**
 * A programme's take-up, by locality (or city-wide service) and role category: every row, or a `window` of
 * them for a page. A locality and role make one row, so ordering by both is the same order every time.
 */
export async function uptake(programmeId: string, window?: { limit: number; offset: number }, now = new Date()) {
  const ended = waitingListEnded(installedPlugins(), now);
  const rows = uptakeGroups(programmeId)
    .select([
      locality.as("locality"),
      "p.role_category",
      (eb) => eb.fn.count<number>(sql`case when e.status in ('enrolled', 'completed', 'not_completed') then 1 end`).as("placed"),
      (eb) => eb.fn.count<number>(sql`case when e.status = 'completed' then 1 end`).as("completed"),
      (eb) => eb.fn.count<number>(sql`case when e.status = 'waitlisted' and not ${ended} then 1 end`).as("waiting"),
      (eb) => eb.fn.count<number>(sql`case when e.status = 'requested' then 1 end`).as("requested"),
    ])
    .orderBy(locality)
    .orderBy("p.role_category");
  return (window ? rows.limit(window.limit).offset(window.offset) : rows).execute();
}

/** How many rows `uptake` gives in all: the pages of a paged table. */
export async function uptakeRowCount(programmeId: string) {
  const groups = uptakeGroups(programmeId).select([locality.as("locality"), "p.role_category"]);
  const { n } = await db().selectFrom(groups.as("g")).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(n);
}
