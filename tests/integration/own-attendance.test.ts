// Nobody records their own attendance: a register saved by someone with a place on the cohort keeps their
// own mark as it was, and an attendance file with the uploader's own row is refused on that line.
import { beforeAll, describe, expect, it } from "vitest";
import { importAttendance } from "../../app/services/attendance-import.server";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";

let cohortId: number;
let sessionId: number;
let marker: { userId: null; personId: number };
const enrolments = new Map<number, number>();

beforeAll(async () => {
  await seedDemo();
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Own attendance", startsOn: "2024-02-05", endsOn: "2024-03-04", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2024-02-05", cadence: "weekly", count: 1, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessionId = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).executeTakeFirstOrThrow()).id;
  marker = { userId: null, personId: await personIdOf("ld") };
  for (const personId of [marker.personId, await personIdOf("practitioner")]) {
    const placed = await requestPlace({ cohortId, personId, actor: { userId: null, personId: null }, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    enrolments.set(personId, placed.enrolmentId);
  }
});

const markOf = async (personId: number) =>
  (await db().selectFrom("attendance").select("status").where("session_id", "=", sessionId).where("enrolment_id", "=", enrolments.get(personId)!).executeTakeFirst())?.status ?? null;

describe("a register", () => {
  it("marks everyone sent but the marker's own place, which stays as it was", async () => {
    const practitioner = await personIdOf("practitioner");
    const saved = await saveRegister(sessionId, cohortId, new Map([[enrolments.get(marker.personId)!, "present"], [enrolments.get(practitioner)!, "present"]]), marker);
    expect(saved).toEqual({ ok: true, changed: 1 });
    expect({ own: await markOf(marker.personId), colleague: await markOf(practitioner) }).toEqual({ own: null, colleague: "present" });
  });
});

describe("an attendance file", () => {
  it("refuses the uploader's own row on its line, and saves nothing", async () => {
    const numberOf = async (personId: number) => (await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow()).employee_number;
    const csv = `employee_number,session,mark\n${await numberOf(await personIdOf("practitioner"))},1,absent\n${await numberOf(marker.personId)},1,present\n`;
    expect(await importAttendance(cohortId, csv, marker)).toEqual({ ok: false, problems: [{ line: 3, key: "attendanceImport.errors.own" }] });
    expect({ own: await markOf(marker.personId), colleague: await markOf(await personIdOf("practitioner")) }).toEqual({ own: null, colleague: "present" });
  });
});
