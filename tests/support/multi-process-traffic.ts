// Traffic for several app processes on one database, and what must hold afterwards: places booked over
// HTTP by many people split across the processes, and staff imports sent to each at once. Used by
// tests/reliability/several-processes.test.ts and, at a larger scale, by `npm run load:processes`.
import { hashPassword, startSession } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";
import { DEMO_PASSWORD } from "../../db/seed";
import { ripDb } from "../../plugins/research-in-practice/server/db.server";
import { applyCourses } from "../../plugins/research-in-practice/server/sync.server";
import type { AppProcess } from "./multi-process-servers";
import { staffCsv } from "./staff-csv";

export interface BookableRun {
  courseId: string;
  runId: string;
  cohortId: number;
  capacity: number;
}

/** A Research in Practice course with one run of `capacity` places, as the catalogue sync stores it. */
export async function bookableRun(tag: string, capacity: number): Promise<BookableRun> {
  const courseId = `processes-${tag}`;
  const runId = `${courseId}-run`;
  await ripDb()
    .transaction()
    .execute((trx) =>
      applyCourses(trx, [
        {
          id: courseId,
          title: `Several processes ${tag}`,
          format: "workshop",
          summary: "A course for the several-processes test.",
          objectives: ["Book a place"],
          runs: [{ id: runId, startsOn: "2027-06-01", endsOn: "2027-06-01", venue: "Online", capacity, managerApproval: false }],
          cpdHours: 2,
          kss: [],
          pcf: [],
          lastModified: new Date().toISOString(),
          withdrawn: false,
        },
      ]),
    );
  const run = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();
  return { courseId, runId, cohortId: run.cohort_id, capacity };
}

export interface Person {
  personId: number;
  cookie: string;
}

/** Signed-in practitioners: an account and a session each for `count` people who have no account yet. */
export async function practitioners(count: number): Promise<Person[]> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = await db()
    .selectFrom("people")
    .select(["id", "email"])
    .where("id", "not in", (qb) => qb.selectFrom("users").select("person_id"))
    .where("employment_status", "=", "active")
    .orderBy("id")
    .limit(count)
    .execute();
  if (people.length < count) throw new Error(`Only ${people.length} people without an account; ${count} wanted`);
  const signedIn: Person[] = [];
  for (const person of people) {
    const [user] = await db().insertInto("users").values({ person_id: person.id, email: person.email, password_hash: passwordHash, created_at: new Date().toISOString() }).returning("id").execute();
    await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
    signedIn.push({ personId: person.id, cookie: (await startSession(user.id)).split(";")[0] });
  }
  return signedIn;
}

export interface Booking {
  personId: number;
  wave: number;
  server: string;
  httpStatus: number;
  /** What the page told the person: enrolled, waitlisted, or the error. */
  outcome: string;
  sentAt: number;
  doneAt: number;
}

async function book(server: AppProcess, run: BookableRun, person: Person, wave: number): Promise<Booking> {
  const sentAt = performance.now();
  const response = await fetch(`${server.url}/programmes/research-in-practice/courses/${run.courseId}`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, Cookie: person.cookie, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ run: run.runId }),
  });
  const saved = new URL(response.headers.get("Location") ?? "/", server.url).searchParams.get("saved");
  const outcome = saved ?? `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`;
  return { personId: person.personId, wave, server: server.url, httpStatus: response.status, outcome, sentAt, doneAt: performance.now() };
}

/**
 * Everyone asks for a place, in waves: within a wave all requests go at once, spread across the
 * processes; a wave starts when the one before has been answered, so every request of an earlier wave
 * comes before every request of a later one.
 */
export async function bookInWaves(servers: AppProcess[], run: BookableRun, people: Person[], waves: number): Promise<Booking[]> {
  const size = Math.ceil(people.length / waves);
  const bookings: Booking[] = [];
  for (let wave = 0; wave < waves; wave += 1) {
    const group = people.slice(wave * size, (wave + 1) * size);
    bookings.push(...(await Promise.all(group.map((person, i) => book(servers[(wave + i) % servers.length], run, person, wave)))));
  }
  return bookings;
}

/** Everything that must hold of the places once the bookings are answered; empty when all is well. */
export async function placeProblems(run: BookableRun, bookings: Booking[]): Promise<string[]> {
  const problems: string[] = [];
  for (const b of bookings) if (b.httpStatus !== 303) problems.push(`person ${b.personId} on ${b.server} was answered ${b.outcome}`);
  const rows = await db().selectFrom("enrolments").select(["id", "person_id", "status", "waitlist_position"]).where("cohort_id", "=", run.cohortId).execute();
  const enrolled = rows.filter((r) => r.status === "enrolled");
  const waiting = rows.filter((r) => r.status === "waitlisted");
  const expectedPlaces = Math.min(run.capacity, bookings.length);
  if (enrolled.length !== expectedPlaces) problems.push(`${enrolled.length} places taken of ${run.capacity}, for ${bookings.length} requests`);
  if (rows.length !== bookings.length) problems.push(`${rows.length} enrolments for ${bookings.length} requests`);
  const positions = waiting.map((r) => Number(r.waitlist_position)).sort((a, b) => a - b);
  if (positions.join() !== Array.from({ length: bookings.length - expectedPlaces }, (_, i) => i + 1).join()) problems.push(`waiting list positions are ${positions.join(", ")}`);

  const rowOf = new Map(rows.map((r) => [r.person_id, r]));
  for (const b of bookings) {
    const row = rowOf.get(b.personId);
    if (row && row.status !== b.outcome) problems.push(`person ${b.personId} was told ${b.outcome} but is ${row.status}`);
  }

  // One audit event per enrolment, and the order of those events (the order the service took the
  // requests in, under the cohort's lock) is the order of the places and the waiting list.
  const audits = await db()
    .selectFrom("audit_events")
    .select(["id", "subject_id", "action"])
    .where("subject_type", "=", "enrolment")
    .where("subject_id", "in", rows.length ? rows.map((r) => String(r.id)) : ["none"])
    .orderBy("id")
    .execute();
  for (const r of rows) {
    const events = audits.filter((a) => a.subject_id === String(r.id));
    if (events.length !== 1 || events[0].action !== "enrolment.requested") problems.push(`enrolment ${r.id} has audit events ${events.map((e) => e.action).join(", ") || "none"}`);
  }
  const rank = (r: { status: string; waitlist_position: number | null }) => (r.status === "enrolled" ? 0 : Number(r.waitlist_position));
  const byAudit = audits.map((a) => rows.find((r) => String(r.id) === a.subject_id)!).filter(Boolean);
  for (let i = 1; i < byAudit.length; i += 1) {
    if (rank(byAudit[i]) < rank(byAudit[i - 1]) || (rank(byAudit[i]) === rank(byAudit[i - 1]) && rank(byAudit[i]) !== 0)) problems.push(`enrolment ${byAudit[i].id} was taken after ${byAudit[i - 1].id} but stands before it`);
  }

  // A request answered before another was sent comes first.
  for (const a of bookings) {
    for (const b of bookings) {
      const ra = rowOf.get(a.personId);
      const rb = rowOf.get(b.personId);
      if (!ra || !rb || a.doneAt >= b.sentAt) continue;
      if (rank(ra) > rank(rb) || (rank(ra) === rank(rb) && rank(ra) !== 0)) problems.push(`person ${a.personId} was answered before person ${b.personId} asked, but stands behind them`);
    }
  }
  return problems;
}

/** A staff file of new people numbered from `first` up to, but not including, `last`. */
export function staffFile(prefix: string, first: number, last: number) {
  return staffCsv(Array.from({ length: last - first }, (_, i) => ({ employee: `${prefix}-${String(first + i).padStart(5, "0")}` })));
}

/** Sends one staff file to each process at the same moment; answers the HTTP statuses. */
export async function importAtOnce(servers: AppProcess[], cookie: string, files: string[]): Promise<number[]> {
  return Promise.all(
    files.map(async (csv, i) => {
      const server = servers[i % servers.length];
      const form = new FormData();
      form.set("file", new Blob([csv], { type: "text/csv" }), `staff-${i}.csv`);
      const response = await fetch(`${server.url}/admin/people/import`, { method: "POST", headers: { Origin: server.url, Cookie: cookie }, body: form });
      await response.arrayBuffer();
      return response.status;
    }),
  );
}

/** Each person of the files held once, with one "created" audit event each; empty when all is well. */
export async function importProblems(prefix: string, expected: number): Promise<string[]> {
  const problems: string[] = [];
  const people = await db().selectFrom("people").select(["id", "employee_number"]).where("employee_number", "like", `${prefix}-%`).execute();
  if (people.length !== expected) problems.push(`${people.length} people held, ${expected} expected`);
  if (new Set(people.map((p) => p.employee_number)).size !== people.length) problems.push("an employee number is held twice");
  const created = await db()
    .selectFrom("audit_events")
    .select(["person_id"])
    .where("action", "=", "person.created")
    .where("person_id", "in", people.length ? people.map((p) => p.id) : [-1])
    .execute();
  const perPerson = new Map<number, number>();
  for (const c of created) perPerson.set(Number(c.person_id), (perPerson.get(Number(c.person_id)) ?? 0) + 1);
  for (const p of people) if (perPerson.get(p.id) !== 1) problems.push(`${p.employee_number} has ${perPerson.get(p.id) ?? 0} "created" audit events`);
  return problems;
}
