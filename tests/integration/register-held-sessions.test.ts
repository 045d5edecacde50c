// A register is kept only for a session that has been held: one still to come or one cancelled keeps no
// marks, through a register or an attendance file, so attendance that never happened cannot count
// towards a completion.
import { beforeAll, describe, expect, it } from "vitest";
import { importAttendance } from "../../app/services/attendance-import.server";
import { saveRegister, sessionHeld } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { isoDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";

const DAY = 86_400_000;
let cohortId: number;
/** Sessions by sequence: 1 held, 2 held then cancelled, 3 held, 4 still to come. */
let sessions: Map<number, number>;
let enrolmentId: number;
let employeeNumber: string;
let marker: { userId: null; personId: number };

beforeAll(async () => {
  await seedDemo();
  const firstDate = isoDate(new Date(Date.now() - 15 * DAY));
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Held sessions", startsOn: firstDate, endsOn: isoDate(new Date(Date.now() + 30 * DAY)), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 4, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessions = new Map((await db().selectFrom("cohort_sessions").select(["id", "sequence"]).where("cohort_id", "=", cohortId).execute()).map((s) => [s.sequence, s.id]));
  await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("id", "=", sessions.get(2)!).execute();
  marker = { userId: null, personId: await personIdOf("ld") };
  const practitioner = await personIdOf("practitioner");
  const placed = await requestPlace({ cohortId, personId: practitioner, actor: { userId: null, personId: null }, direct: true });
  if (!placed.ok) throw new Error(placed.error);
  enrolmentId = placed.enrolmentId;
  employeeNumber = (await db().selectFrom("people").select("employee_number").where("id", "=", practitioner).executeTakeFirstOrThrow()).employee_number;
});

const marks = () => db().selectFrom("attendance").select(["session_id", "status"]).where("enrolment_id", "=", enrolmentId).orderBy("session_id").execute();

describe("which sessions have been held", () => {
  it("is those begun and not cancelled", () => {
    const now = new Date("2026-12-06T10:00:00Z");
    expect(sessionHeld({ status: "scheduled", starts_at: "2026-12-06T09:30:00.000Z" }, now)).toBe(true);
    expect(sessionHeld({ status: "scheduled", starts_at: "2026-12-06T10:30:00.000Z" }, now)).toBe(false);
    expect(sessionHeld({ status: "cancelled", starts_at: "2026-12-01T09:30:00.000Z" }, now)).toBe(false);
  });
});

describe("a register", () => {
  it("is refused, changing nothing, for a session still to come or one cancelled, and kept for one held", async () => {
    for (const sequence of [4, 2]) {
      expect(await saveRegister(sessions.get(sequence)!, cohortId, new Map([[enrolmentId, "present"]]), marker)).toEqual({ ok: false, error: "notHeld" });
    }
    expect(await marks()).toEqual([]);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "attendance.marked").where("person_id", "=", await personIdOf("practitioner")).execute()).toEqual([]);

    expect(await saveRegister(sessions.get(1)!, cohortId, new Map([[enrolmentId, "present"]]), marker)).toEqual({ ok: true, changed: 1 });
    expect(await marks()).toEqual([{ session_id: sessions.get(1)!, status: "present" }]);
  });
});

describe("an attendance file", () => {
  it("refuses each row on a session still to come or cancelled on its line, and saves nothing of the file", async () => {
    const before = await marks();
    const csv = `employee_number,session,mark\n${employeeNumber},3,present\n${employeeNumber},4,present\n${employeeNumber},2,excused\n`;
    expect(await importAttendance(cohortId, csv, marker)).toEqual({
      ok: false,
      problems: [
        { line: 3, key: "attendanceImport.errors.notHeld", values: { session: "4" } },
        { line: 4, key: "attendanceImport.errors.notHeld", values: { session: "2" } },
      ],
    });
    expect(await marks()).toEqual(before);

    expect(await importAttendance(cohortId, `employee_number,session,mark\n${employeeNumber},3,present\n`, marker)).toEqual({ ok: true, saved: 1 });
    expect((await marks()).map((m) => m.session_id)).toEqual([sessions.get(1)!, sessions.get(3)!]);
  });
});
