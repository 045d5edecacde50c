// A register and an attendance file are saved in a handful of statements, not one for each mark, and a
// register saved inside a caller's transaction is kept or undone with the rest of the caller's change;
// a file's changes are audited mark by mark, as a register's are.
import { beforeAll, describe, expect, it } from "vitest";
import { importAttendance } from "../../app/services/attendance-import.server";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { db, observeQueries } from "../../app/utils/db.server";
import type { Mark } from "../../app/utils/cohort-form";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const LEARNERS = 1_200;
let cohortId: number;
let sessionIds: number[];
let marker: { userId: null; personId: number };
let places: { enrolmentId: number; employeeNumber: string }[];

beforeAll(async () => {
  await seedDemo();
  marker = { userId: null, personId: await personIdOf("ld") };
  cohortId = await createCohort(
    { programmeId: "leadership", name: "A large register", startsOn: "2024-02-05", endsOn: "2024-03-04", capacity: LEARNERS, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2024-02-05", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessionIds = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").execute()).map((s) => s.id);
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", marker.personId).executeTakeFirstOrThrow()).team_id;
  const people = Array.from({ length: LEARNERS }, (_, i) => newPerson({ employee_number: `RB${String(i).padStart(5, "0")}`, given_name: "Register", family_name: `Learner ${i}`, email: `register.${i}@example.test`, team_id: teamId }));
  const now = new Date().toISOString();
  places = [];
  for (let i = 0; i < people.length; i += 200) {
    const ids = await db().insertInto("people").values(people.slice(i, i + 200)).returning("id").execute();
    const enrolments = await db()
      .insertInto("enrolments")
      .values(ids.map(({ id }) => ({ cohort_id: cohortId, person_id: id, status: "enrolled" as const, created_at: now, updated_at: now })))
      .returning("id")
      .execute();
    places.push(...enrolments.map((e, j) => ({ enrolmentId: e.id, employeeNumber: people[i + j].employee_number })));
  }
});

const changedBy = (saved: Awaited<ReturnType<typeof saveRegister>>) => {
  if (!saved.ok) throw new Error(`the register was refused: ${saved.error}`);
  return saved.changed;
};

const marksOf = async (sessionId: number) =>
  new Map((await db().selectFrom("attendance").select(["enrolment_id", "status", "marked_by"]).where("session_id", "=", sessionId).execute()).map((a) => [a.enrolment_id, a]));

async function statementsWhile(work: () => Promise<unknown>) {
  const writes: string[] = [];
  const stop = observeQueries((statement) => {
    if (/^\s*(insert|update|delete)/i.test(statement) && /"attendance"/.test(statement)) writes.push(statement);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return writes.length;
}

describe("a register of 1,200 learners", () => {
  it("stores every mark, and changes, clears and keeps them, in a few statements", async () => {
    const [sessionId] = sessionIds;
    const first = new Map<number, Mark | null>(places.map((p, i) => [p.enrolmentId, i % 3 === 0 ? "absent" : "present"]));
    let changed = 0;
    expect(await statementsWhile(async () => (changed = changedBy(await saveRegister(sessionId, cohortId, first, marker))))).toBe(3);
    expect(changed).toBe(LEARNERS);
    const stored = await marksOf(sessionId);
    expect(places.every((p, i) => stored.get(p.enrolmentId)?.status === (i % 3 === 0 ? "absent" : "present") && stored.get(p.enrolmentId)?.marked_by === marker.personId)).toBe(true);

    // Every fourth learner is cleared, every fifth turned to "excused"; the rest are sent as they are.
    const second = new Map<number, Mark | null>(places.map((p, i) => [p.enrolmentId, i % 4 === 0 ? null : i % 5 === 0 ? "excused" : first.get(p.enrolmentId)!]));
    const expected = (i: number) => (i % 4 === 0 ? undefined : i % 5 === 0 ? "excused" : i % 3 === 0 ? "absent" : "present");
    const cleared = places.filter((_, i) => i % 4 === 0).length;
    const turnedExcused = places.filter((_, i) => i % 4 !== 0 && i % 5 === 0).length;
    expect(await statementsWhile(async () => (changed = changedBy(await saveRegister(sessionId, cohortId, second, marker))))).toBe(2);
    expect(changed).toBe(cleared + turnedExcused);
    const after = await marksOf(sessionId);
    expect(places.filter((p, i) => after.get(p.enrolmentId)?.status !== expected(i))).toEqual([]);
    expect(after.size).toBe(LEARNERS - cleared);
  });

  it("keeps no mark when the caller's transaction is undone", async () => {
    const sessionId = sessionIds[1];
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await saveRegister(sessionId, cohortId, new Map(places.map((p) => [p.enrolmentId, "present" as const])), marker, trx);
          throw new Error("the caller's next step failed");
        }),
    ).rejects.toThrow("the caller's next step failed");
    expect((await marksOf(sessionId)).size).toBe(0);
  });
});

describe("an attendance file of 1,200 rows", () => {
  it("saves every row in a few statements", async () => {
    const sessionId = sessionIds[1];
    const csv = ["employee_number,session,mark", ...places.map((p, i) => `${p.employeeNumber},2,${i % 2 ? "present" : "absent"}`)].join("\n");
    let result: Awaited<ReturnType<typeof importAttendance>> | undefined;
    expect(await statementsWhile(async () => (result = await importAttendance(cohortId, csv, marker)))).toBe(3);
    expect(result).toEqual({ ok: true, saved: LEARNERS });
    const stored = await marksOf(sessionId);
    expect(places.filter((p, i) => stored.get(p.enrolmentId)?.status !== (i % 2 ? "present" : "absent"))).toEqual([]);
  });

  it("audits each mark it changes with the person and the mark replaced, as a register does, and leaves the rest as marked", async () => {
    const sessionId = sessionIds[1];
    const lastEvent = Number((await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id);
    const flipped = places.slice(0, 10);
    const markOf = (i: number) => (i < 10 ? (i % 2 ? "absent" : "present") : i % 2 ? "present" : "absent");
    const csv = ["employee_number,session,mark", ...places.map((p, i) => `${p.employeeNumber},2,${markOf(i)}`)].join("\n");
    const admin = { userId: null, personId: await personIdOf("admin") };
    expect(await importAttendance(cohortId, csv, admin)).toEqual({ ok: true, saved: LEARNERS });

    const events = await db().selectFrom("audit_events").select(["action", "person_id", "subject_id", "before_json", "after_json"]).where("id", ">", lastEvent).orderBy("id").execute();
    const marked = events.filter((e) => e.action === "attendance.marked");
    const personOf = new Map((await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", cohortId).execute()).map((e) => [e.id, e.person_id]));
    expect(marked).toEqual(
      flipped.map((p, i) => ({
        action: "attendance.marked",
        person_id: personOf.get(p.enrolmentId),
        subject_id: String(sessionId),
        before_json: JSON.stringify({ enrolment: p.enrolmentId, mark: i % 2 ? "present" : "absent" }),
        after_json: JSON.stringify({ enrolment: p.enrolmentId, mark: markOf(i) }),
      })),
    );
    expect(events.filter((e) => e.action === "attendance.imported").map((e) => JSON.parse(e.after_json!))).toEqual([{ marks: LEARNERS, changed: 10 }]);
    // A mark the file leaves as it was keeps who marked it.
    const stored = await marksOf(sessionId);
    expect(places.slice(10).every((p) => stored.get(p.enrolmentId)?.marked_by === marker.personId)).toBe(true);
    expect(flipped.every((p) => stored.get(p.enrolmentId)?.marked_by === admin.personId)).toBe(true);
  });
});
