// Saving a few marks on a register (a run's completion marking its chosen learners present, a row or two
// changed on a page) reads the places given, by their ids and a bounded number a statement, never the
// cohort's whole list. Every statement the save runs is watched. What the register refuses and audits stays.
import { beforeAll, describe, expect, it } from "vitest";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { db } from "../../app/utils/db.server";
import type { Mark } from "../../app/utils/cohort-form";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { statementsSeenWhile } from "../support/watch-statements";

const LEARNERS = 30;
let marker: { userId: null; personId: number };
let sessionId: number;
let cohortId: number;
let places: number[];
let ownPlace: number;
let placeElsewhere: number;

async function cohortOf(name: string, people: number[]) {
  const id = await createCohort(
    { programmeId: "leadership", name, startsOn: "2024-04-08", endsOn: "2024-05-06", capacity: LEARNERS + 1, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2024-04-08", cadence: "weekly", count: 1, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  const now = new Date().toISOString();
  const enrolments = await db()
    .insertInto("enrolments")
    .values(people.map((person_id) => ({ cohort_id: id, person_id, status: "enrolled" as const, created_at: now, updated_at: now })))
    .returning("id")
    .execute();
  return { id, enrolments: enrolments.map((e) => e.id) };
}

beforeAll(async () => {
  await seedDemo();
  marker = { userId: null, personId: await personIdOf("ld") };
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", marker.personId).executeTakeFirstOrThrow()).team_id;
  const people = Array.from({ length: LEARNERS }, (_, i) => newPerson({ employee_number: `RRM${String(i).padStart(3, "0")}`, given_name: "Marked", family_name: `Learner ${i}`, email: `marked.${i}@example.test`, team_id: teamId }));
  const ids = (await db().insertInto("people").values(people).returning("id").execute()).map((p) => p.id);
  // The marker holds a place too, so the refusal of their own mark has something to refuse.
  const cohort = await cohortOf("A register read by its marks", [...ids, marker.personId]);
  cohortId = cohort.id;
  places = cohort.enrolments.slice(0, LEARNERS);
  ownPlace = cohort.enrolments[LEARNERS];
  placeElsewhere = (await cohortOf("Another register", [ids[0]])).enrolments[0];
  sessionId = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).executeTakeFirstOrThrow()).id;
});

/** Reads of the cohort's places that name none (`"id" in (...)`) nor read a bounded few: its whole list. */
const wholeListReads = (statements: string[]) =>
  statements.filter((sql) => /^select/i.test(sql.trim()) && /from "enrolments"/i.test(sql) && /"cohort_id" = \?/.test(sql) && !/"id" (= \?|in \()/.test(sql) && !/\blimit\b|count\(/i.test(sql));

const marksOf = async () => new Map((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((a) => [a.enrolment_id, a.status]));
const auditedMarks = async () => db().selectFrom("audit_events").select(["person_id", "before_json", "after_json"]).where("action", "=", "attendance.marked").where("subject_id", "=", String(sessionId)).orderBy("id").execute();

describe("saving marks for 2 learners of a 30-learner register", () => {
  it("reads only those learners' places, and saves and audits their marks", async () => {
    const [first, second] = places;
    let saved: Awaited<ReturnType<typeof saveRegister>> | undefined;
    const statements = await statementsSeenWhile(async () => (saved = await saveRegister(sessionId, cohortId, new Map<number, Mark | null>([[first, "present"], [second, "absent"]]), marker)));

    expect(saved).toEqual({ ok: true, changed: 2 });
    expect(statements.some((sql) => /from "enrolments"/i.test(sql))).toBe(true);
    expect(wholeListReads(statements)).toEqual([]);
    expect(await marksOf()).toEqual(new Map([[first, "present"], [second, "absent"]]));
    expect((await auditedMarks()).map((a) => [JSON.parse(String(a.before_json)), JSON.parse(String(a.after_json))])).toEqual([
      [{ enrolment: first, mark: null }, { enrolment: first, mark: "present" }],
      [{ enrolment: second, mark: null }, { enrolment: second, mark: "absent" }],
    ]);
  });

  it("from a page showing all 30, reads only the rows marked, and still refuses a row a colleague changed meanwhile", async () => {
    const [first, second, third] = places;
    const shown = new Map<number, Mark | null>(places.map((id) => [id, null]));
    shown.set(first, "present");
    shown.set(second, "absent");
    // The user sees the first row as present (as saved) and changes it, and changes the third, left unmarked.
    let saved: Awaited<ReturnType<typeof saveRegister>> | undefined;
    const statements = await statementsSeenWhile(async () => (saved = await saveRegister(sessionId, cohortId, new Map<number, Mark | null>([[first, "excused"], [third, "present"]]), marker, undefined, shown)));
    expect(saved).toEqual({ ok: true, changed: 2 });
    expect(wholeListReads(statements)).toEqual([]);

    // Shown as unmarked, the second row is now "absent": the user's change to it is refused, changing nothing.
    shown.set(second, null);
    const refused = await saveRegister(sessionId, cohortId, new Map<number, Mark | null>([[second, "present"], [places[4], "present"]]), marker, undefined, shown);
    expect(refused).toMatchObject({ ok: false, error: "changedMeanwhile", rows: [{ enrolmentId: second, givenName: "Marked", familyName: "Learner 1", mark: "absent" }] });
    expect(await marksOf()).toEqual(new Map([[first, "excused"], [second, "absent"], [third, "present"]]));
  });

  it("still writes no mark for the marker's own place, a place on another cohort, or an id that is no place", async () => {
    const before = await marksOf();
    const audited = (await auditedMarks()).length;
    const saved = await saveRegister(sessionId, cohortId, new Map<number, Mark | null>([[ownPlace, "present"], [placeElsewhere, "present"], [99_999_999_999, "present"], [-1, "present"], [places[5], "excused"]]), marker);
    expect(saved).toEqual({ ok: true, changed: 1 });
    expect(await marksOf()).toEqual(new Map([...before, [places[5], "excused"]]));
    expect(await db().selectFrom("attendance").select("enrolment_id").where("enrolment_id", "=", placeElsewhere).execute()).toEqual([]);
    expect((await auditedMarks()).length).toBe(audited + 1);
  });
});
