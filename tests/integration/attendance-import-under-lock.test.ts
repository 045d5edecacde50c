// An attendance file is checked where it is saved: under the cohort's lock, where places are withdrawn, and
// with its sessions kept from changing. A place withdrawn or a session cancelled as the file is read lands
// after its marks are saved; one withdrawn just before is refused on its line, saving nothing of the file.
import { beforeAll, describe, expect, it } from "vitest";
import { importAttendance } from "../../app/services/attendance-import.server";
import { createCohort, updateSession } from "../../app/services/cohorts.server";
import { requestPlace, withdraw } from "../../app/services/enrolment.server";
import { isoDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { whenFirstRead } from "../support/competing-change";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const DAY = 86_400_000;
const SYSTEM = { userId: null, personId: null };
let cohortId: number;
/** Sessions by sequence, all held. */
let sessions: Map<number, number>;
/** Each learner's place and employee number, by their number. */
let learners: { enrolmentId: number; employee: string }[];
let marker: { userId: null; personId: number };

beforeAll(async () => {
  await seedDemo();
  marker = { userId: null, personId: await personIdOf("ld") };
  const firstDate = isoDate(new Date(Date.now() - 15 * DAY));
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Attendance files under lock", startsOn: firstDate, endsOn: isoDate(new Date(Date.now() + 30 * DAY)), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
  sessions = new Map((await db().selectFrom("cohort_sessions").select(["id", "sequence"]).where("cohort_id", "=", cohortId).execute()).map((s) => [s.sequence, s.id]));
  const teamId = (await db().selectFrom("people").select("team_id").where("id", "=", marker.personId).executeTakeFirstOrThrow()).team_id;
  const people = Array.from({ length: 3 }, (_, i) => newPerson({ employee_number: `AIL${i}`, given_name: "Imported", family_name: `Learner ${i}`, email: `imported.${i}@example.test`, team_id: teamId }));
  const ids = await db().insertInto("people").values(people).returning("id").execute();
  learners = [];
  for (const [i, { id }] of ids.entries()) {
    const placed = await requestPlace({ cohortId, personId: id, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    learners.push({ enrolmentId: placed.enrolmentId, employee: people[i].employee_number });
  }
});

const fileOf = (rows: [learner: number, session: number, mark: string][]) => ["employee_number,session,mark", ...rows.map(([l, s, m]) => `${learners[l].employee},${s},${m}`)].join("\n");

/** The marks a learner holds, by session's sequence. */
async function marksOf(learner: number) {
  const rows = await db().selectFrom("attendance").select(["session_id", "status"]).where("enrolment_id", "=", learners[learner].enrolmentId).execute();
  const sequenceOf = new Map([...sessions].map(([sequence, id]) => [id, sequence]));
  return Object.fromEntries(rows.map((r) => [sequenceOf.get(r.session_id)!, r.status]));
}

/** The actions of the events about a session and a place, in the order they were written. */
async function actionsAbout(sessionSequence: number, learner: number) {
  const events = await db()
    .selectFrom("audit_events")
    .select("action")
    .where((eb) =>
      eb.or([
        eb.and([eb("subject_type", "=", "cohort_session"), eb("subject_id", "=", String(sessions.get(sessionSequence)!)), eb("action", "=", "cohort_session.cancelled")]),
        eb.and([eb("subject_type", "=", "cohort_session"), eb("subject_id", "=", String(sessions.get(sessionSequence)!)), eb("action", "=", "attendance.marked"), eb("after_json", "like", `%"enrolment":${learners[learner].enrolmentId},%`)]),
        eb.and([eb("subject_type", "=", "enrolment"), eb("subject_id", "=", String(learners[learner].enrolmentId)), eb("action", "=", "enrolment.withdrawn")]),
      ]),
    )
    .orderBy("id")
    .execute();
  return events.map((e) => e.action);
}

describe("a place withdrawn as an attendance file is read", () => {
  it("is withdrawn after the file's marks are saved, never between the file's check and its write", async () => {
    let withdrawn: Awaited<ReturnType<typeof withdraw>> | undefined;
    const imported = await whenFirstRead(
      /from "enrolments" as "e"/,
      async () => (withdrawn = await withdraw(learners[0].enrolmentId, null, SYSTEM)),
      () => importAttendance(cohortId, fileOf([[0, 1, "present"]]), marker),
    );

    expect(imported).toEqual({ ok: true, saved: 1 });
    expect(withdrawn?.ok).toBe(true);
    expect(await actionsAbout(1, 0)).toEqual(["attendance.marked", "enrolment.withdrawn"]);
  });
});

describe("a place withdrawn just before an attendance file is saved", () => {
  it("is refused on its line, and nothing of the file is saved", async () => {
    // The withdrawal holds the cohort's lock when the file arrives, and commits while the file waits for it.
    let imported: Awaited<ReturnType<typeof importAttendance>> | undefined;
    const withdrawn = await whenFirstRead(
      /select "status", "cohort_id", "person_id", "waitlist_position" from "enrolments"/,
      async () => (imported = await importAttendance(cohortId, fileOf([[2, 1, "present"], [1, 1, "absent"]]), marker)),
      () => withdraw(learners[1].enrolmentId, null, SYSTEM),
    );

    expect(withdrawn.ok).toBe(true);
    expect(imported).toEqual({ ok: false, problems: [{ line: 3, key: "attendanceImport.errors.notOnCohort", values: { employee: learners[1].employee } }] });
    expect({ kept: await marksOf(2), withdrawn: await marksOf(1) }).toEqual({ kept: {}, withdrawn: {} });
  });
});

describe("a session cancelled as an attendance file is read", () => {
  it("is cancelled after the file's marks are saved, never between the file's check and its write", async () => {
    const sessionId = sessions.get(2)!;
    const session = await db().selectFrom("cohort_sessions").selectAll().where("id", "=", sessionId).executeTakeFirstOrThrow();
    const cancel = () => updateSession(sessionId, { title: session.title, startsAt: session.starts_at, endsAt: session.ends_at, location: session.location, status: "cancelled" }, marker);
    const imported = await whenFirstRead(/from "cohort_sessions"/, cancel, () => importAttendance(cohortId, fileOf([[2, 2, "present"]]), marker));

    expect(imported).toEqual({ ok: true, saved: 1 });
    expect(await actionsAbout(2, 2)).toEqual(["attendance.marked", "cohort_session.cancelled"]);
  });
});
