// A register saved with the marks its form showed writes only the rows the user changed from those, so a
// colleague's mark saved since on a row left alone stands; a row the user changed that the colleague
// changed too refuses the whole save, naming it. Without the marks shown (a programme's own action),
// every mark given is written, as before.
import { beforeAll, describe, expect, it } from "vitest";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace } from "../../app/services/enrolment.server";
import type { Mark } from "../../app/utils/cohort-form";
import { isoDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";

const DAY = 86_400_000;
let cohortId: number;
let sessions: number[];
let places: [number, number, number];
let marker: { userId: null; personId: number };
let colleague: { userId: null; personId: number };

beforeAll(async () => {
  await seedDemo();
  const firstDate = isoDate(new Date(Date.now() - 15 * DAY));
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Marks as shown", startsOn: firstDate, endsOn: isoDate(new Date(Date.now() + 30 * DAY)), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 3, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessions = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").execute()).map((s) => s.id);
  marker = { userId: null, personId: await personIdOf("ld") };
  colleague = { userId: null, personId: await personIdOf("admin") };
  const team = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow();
  const people = await db()
    .insertInto("people")
    .values([0, 1, 2].map((i) => newPerson({ employee_number: `SHOWN${i}`, given_name: `Shown${i}`, family_name: "Marks", email: `shown.${i}@example.test`, team_id: team.id })))
    .returning("id")
    .execute();
  const enrolled: number[] = [];
  for (const { id } of people) {
    const placed = await requestPlace({ cohortId, personId: id, actor: { userId: null, personId: null }, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    enrolled.push(placed.enrolmentId);
  }
  places = enrolled as [number, number, number];
});

const marksOn = async (sessionId: number) =>
  Object.fromEntries((await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).execute()).map((m) => [m.enrolment_id, m.status]));
const eventsOn = async (sessionId: number) => (await db().selectFrom("audit_events").select("id").where("action", "=", "attendance.marked").where("subject_id", "=", String(sessionId)).execute()).length;
const marks = (entries: [number, Mark | null][]) => new Map(entries);

describe("a register saved with the marks its form showed", () => {
  it("writes only the rows changed from those shown, leaving a colleague's mark since on a row left alone", async () => {
    const sessionId = sessions[0];
    const [a, b, c] = places;
    expect(await saveRegister(sessionId, cohortId, marks([[a, "present"], [b, "present"], [c, "present"]]), colleague)).toEqual({ ok: true, changed: 3 });
    const shown = marks([[a, "present"], [b, "present"], [c, "present"]]);
    expect(await saveRegister(sessionId, cohortId, marks([[a, "excused"]]), colleague, undefined, marks([[a, "present"]]))).toEqual({ ok: true, changed: 1 });
    const before = await eventsOn(sessionId);

    const saved = await saveRegister(sessionId, cohortId, marks([[a, "present"], [b, "absent"], [c, "present"]]), marker, undefined, shown);

    expect(saved).toEqual({ ok: true, changed: 1 });
    expect(await marksOn(sessionId)).toEqual({ [a]: "excused", [b]: "absent", [c]: "present" });
    expect(await eventsOn(sessionId)).toBe(before + 1);
  });

  it("refuses, writing nothing, a change to a row a colleague changed since, naming it; a change both made alike is no conflict", async () => {
    const sessionId = sessions[1];
    const [a, b, c] = places;
    await saveRegister(sessionId, cohortId, marks([[a, "present"], [b, "present"]]), colleague);
    const shown = marks([[a, "present"], [b, "present"], [c, null]]);
    await saveRegister(sessionId, cohortId, marks([[a, "excused"], [c, "absent"]]), colleague, undefined, shown);
    const before = await eventsOn(sessionId);

    const refused = await saveRegister(sessionId, cohortId, marks([[a, "absent"], [b, "absent"], [c, "absent"]]), marker, undefined, shown);

    expect(refused).toEqual({ ok: false, error: "changedMeanwhile", rows: [{ enrolmentId: a, givenName: "Shown0", familyName: "Marks", mark: "excused" }] });
    expect(await marksOn(sessionId)).toEqual({ [a]: "excused", [b]: "present", [c]: "absent" });
    expect(await eventsOn(sessionId)).toBe(before);
  });

  it("writes no row the form did not show, and every mark given when no marks shown are given", async () => {
    const sessionId = sessions[2];
    const [a, b, c] = places;
    expect(await saveRegister(sessionId, cohortId, marks([[a, "present"], [b, "present"]]), marker, undefined, marks([[a, null]]))).toEqual({ ok: true, changed: 1 });
    expect(await marksOn(sessionId)).toEqual({ [a]: "present" });
    expect(await saveRegister(sessionId, cohortId, marks([[a, "absent"], [b, "absent"], [c, "absent"]]), marker)).toEqual({ ok: true, changed: 3 });
    expect(await marksOn(sessionId)).toEqual({ [a]: "absent", [b]: "absent", [c]: "absent" });
  });
});
