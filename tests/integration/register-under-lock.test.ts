// A register is saved under the cohort's lock, where places are given and withdrawn: two saves of one
// register at once each see what the other saved, so the audit's "before" is always the mark replaced,
// and a place withdrawn as the register is saved keeps the mark it was given before its withdrawal.
// SQLite's transactions already wait for one another; these fail on PostgreSQL without the lock.
import { beforeAll, describe, expect, it } from "vitest";
import { saveRegister } from "../../app/services/attendance.server";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace, withdraw } from "../../app/services/enrolment.server";
import { isoDate } from "../../app/utils/dates";
import { db } from "../../app/utils/db.server";
import { whenFirstRead } from "../support/competing-change";
import { personIdOf, seedDemo } from "../support/fixtures";

const DAY = 86_400_000;
let cohortId: number;
let sessionIds: number[];
let places: Map<"practitioner" | "asye", number>;

beforeAll(async () => {
  await seedDemo();
  const firstDate = isoDate(new Date(Date.now() - 15 * DAY));
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Registers under lock", startsOn: firstDate, endsOn: isoDate(new Date(Date.now() + 30 * DAY)), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate, cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
  sessionIds = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").execute()).map((s) => s.id);
  places = new Map();
  for (const account of ["practitioner", "asye"] as const) {
    const placed = await requestPlace({ cohortId, personId: await personIdOf(account), actor: { userId: null, personId: null }, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    places.set(account, placed.enrolmentId);
  }
});

const actorOf = async (account: "ld" | "admin") => ({ userId: null, personId: await personIdOf(account) });

/** The events about a person, in the order they were written: what each changed, from what to what. */
const eventsAbout = async (account: "practitioner" | "asye") =>
  (await db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("person_id", "=", await personIdOf(account)).where("action", "in", ["attendance.marked", "enrolment.withdrawn"]).orderBy("id").execute()).map((e) => ({
    action: e.action,
    before: JSON.parse(e.before_json ?? "null"),
    after: JSON.parse(e.after_json ?? "null"),
  }));

/** The first read of a register's marks: everyone expected, with their mark. */
const MARKS_READ = /left join "attendance"/;

describe("two saves of one register at once", () => {
  it("are saved one after the other, the second replacing the mark the first saved, as its audit says", async () => {
    const [sessionId] = sessionIds;
    const enrolmentId = places.get("practitioner")!;
    let second: Awaited<ReturnType<typeof saveRegister>> | undefined;
    const first = await whenFirstRead(
      MARKS_READ,
      async () => (second = await saveRegister(sessionId, cohortId, new Map([[enrolmentId, "absent"]]), await actorOf("admin"))),
      async () => saveRegister(sessionId, cohortId, new Map([[enrolmentId, "present"]]), await actorOf("ld")),
    );

    expect(first).toEqual({ ok: true, changed: 1 });
    expect(second).toEqual({ ok: true, changed: 1 });
    expect(await eventsAbout("practitioner")).toEqual([
      { action: "attendance.marked", before: { enrolment: enrolmentId, mark: null }, after: { enrolment: enrolmentId, mark: "present" } },
      { action: "attendance.marked", before: { enrolment: enrolmentId, mark: "present" }, after: { enrolment: enrolmentId, mark: "absent" } },
    ]);
    const stored = await db().selectFrom("attendance").select("status").where("session_id", "=", sessionId).where("enrolment_id", "=", enrolmentId).executeTakeFirstOrThrow();
    expect(stored.status).toBe("absent");
  });
});

describe("a place withdrawn as its register is saved", () => {
  it("is withdrawn after the register is saved, never between the register's read and its write", async () => {
    const sessionId = sessionIds[1];
    const enrolmentId = places.get("asye")!;
    let withdrawn: Awaited<ReturnType<typeof withdraw>> | undefined;
    const saved = await whenFirstRead(
      MARKS_READ,
      async () => (withdrawn = await withdraw(enrolmentId, null, await actorOf("admin"))),
      async () => saveRegister(sessionId, cohortId, new Map([[enrolmentId, "present"]]), await actorOf("ld")),
    );

    expect(saved).toEqual({ ok: true, changed: 1 });
    expect(withdrawn?.ok).toBe(true);
    expect((await eventsAbout("asye")).map((e) => e.action)).toEqual(["attendance.marked", "enrolment.withdrawn"]);
  });
});
