// Nobody records their own Level 5 results: an L&D member who holds a place on a cohort cannot mark their
// own attendance, confirm their own guided learning, or record their own unit results or completion; nor
// can they give themselves a place from a cohort's page.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as confirmLearning from "../routes/cohorts.$cohortId.learning";
import * as learnerPage from "../routes/cohorts.$cohortId.learners.$enrolmentId";
import * as register from "../routes/sessions.$sessionId.register";
import { leadershipDb, progressOf } from "../server/progress.server";
import { postRegister, registerOpenedBy } from "./register-page";
import { cohortNamed, employeeOf, form, holdEverySession, withoutLevel5Places } from "./support";

let cohortId: number;
let ownEnrolment: number;

/** The demo L&D member, given a place on Cohort 1 as a learner; every session held, so each keeps a register. */
beforeAll(async () => {
  await seedDemo();
  cohortId = (await cohortNamed("Cohort 1")).id;
  await holdEverySession(cohortId);
  const now = new Date().toISOString();
  const [row] = await db()
    .insertInto("enrolments")
    .values({ cohort_id: cohortId, person_id: await personIdOf("ld"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  ownEnrolment = row.id;
});

describe("the register", () => {
  const firstSession = async () => (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence").executeTakeFirstOrThrow()).id;
  const marksOn = (sessionId: number) => db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", sessionId).orderBy("enrolment_id").execute();

  it("offers no controls on the viewer's own row", async () => {
    const sessionId = await firstSession();
    const page = await run(register.loader, await requestAs("ld", `/programmes/leadership/sessions/${sessionId}/register`), { sessionId: String(sessionId) });
    const rows = (page.data as { rows: { enrolmentId: number; own: boolean }[] }).rows;
    expect(rows.filter((r) => r.own).map((r) => r.enrolmentId)).toEqual([ownEnrolment]);
  });

  it("refuses a mark for the viewer's own place, and saves none of the marks sent with it", async () => {
    const sessionId = await firstSession();
    const other = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("status", "=", "enrolled").where("id", "<>", ownEnrolment).orderBy("id").executeTakeFirstOrThrow();
    const before = await marksOn(sessionId);
    const refused = await postRegister(sessionId, { ...(await registerOpenedBy(sessionId)), intent: "save", [`mark-${ownEnrolment}`]: "present", [`mark-${other.id}`]: "excused" });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "register.errors.own" });
    expect(await marksOn(sessionId)).toEqual(before);
  });

  it("marks everyone else present and leaves the viewer's own row for a colleague", async () => {
    const sessionId = (await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("sequence", "desc").executeTakeFirstOrThrow()).id;
    const everyone = await postRegister(sessionId, { ...(await registerOpenedBy(sessionId)), intent: "all-present" });
    expect(everyone.data).toMatchObject({ ownLeft: true });
    const marks = await marksOn(sessionId);
    expect(marks.some((m) => m.enrolment_id === ownEnrolment)).toBe(false);
    expect(marks.length).toBeGreaterThan(0);
    expect(marks.every((m) => m.status === "present")).toBe(true);
  });
});

describe("confirming guided learning", () => {
  const path = () => `/programmes/leadership/cohorts/${cohortId}/learning`;
  const confirmedAt = async (id: number) => (await leadershipDb().selectFrom("leadership_guided_learning").select("confirmed_at").where("id", "=", id).executeTakeFirstOrThrow()).confirmed_at;
  const logFor = async (enrolmentId: number) => {
    const [row] = await leadershipDb()
      .insertInto("leadership_guided_learning")
      .values({ enrolment_id: enrolmentId, occurred_on: "2026-10-01", activity: "Reading", minutes: 60, reflection: null, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    return row.id;
  };

  it("shows the viewer's own entry with no box to tick, and refuses it when sent anyway, confirming nothing chosen with it", async () => {
    const own = await logFor(ownEnrolment);
    const other = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("status", "=", "enrolled").where("id", "<>", ownEnrolment).orderBy("id").executeTakeFirstOrThrow();
    const theirs = await logFor(other.id);
    const page = await run(confirmLearning.loader, await requestAs("ld", path()), { cohortId: String(cohortId) });
    expect((page.data as { entries: { id: number; own: boolean }[] }).entries.filter((e) => e.own).map((e) => e.id)).toEqual([own]);
    const refused = await run(confirmLearning.action, await requestAs("ld", path(), { method: "POST", body: new URLSearchParams([["intent", "selected"], ["entry", String(own)], ["entry", String(theirs)]]) }), { cohortId: String(cohortId) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "confirmLearning.errors.own" });
    expect(await confirmedAt(own)).toBeNull();
    expect(await confirmedAt(theirs)).toBeNull();
  });

  it("confirms everyone else's with 'confirm them all' and says the viewer's own were left", async () => {
    const own = await logFor(ownEnrolment);
    const listed = ((await run(confirmLearning.loader, await requestAs("ld", path()), { cohortId: String(cohortId) })).data as { entries: { id: number; own: boolean }[] }).entries.filter((e) => !e.own);
    const all = await run(confirmLearning.action, await requestAs("ld", path(), { method: "POST", body: new URLSearchParams([["intent", "all"], ...listed.map((e) => ["listed", String(e.id)])]) }), { cohortId: String(cohortId) });
    expect(all.status).toBe(200);
    expect(all.data).toMatchObject({ ownLeft: 2 });
    expect(await confirmedAt(own)).toBeNull();
    const waiting = (await run(confirmLearning.loader, await requestAs("ld", path()), { cohortId: String(cohortId) })).data as { entries: { own: boolean }[] };
    expect(waiting.entries.length).toBe(2);
    expect(waiting.entries.every((e) => e.own)).toBe(true);
  });
});

describe("the viewer's own learner page", () => {
  const post = async (fields: Record<string, string>) =>
    run(learnerPage.action, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/learners/${ownEnrolment}`, form(fields)), { cohortId: String(cohortId), enrolmentId: String(ownEnrolment) });

  it("says a colleague records the results and offers no forms", async () => {
    const page = await run(learnerPage.loader, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/learners/${ownEnrolment}`), { cohortId: String(cohortId), enrolmentId: String(ownEnrolment) });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ own: true });
  });

  it("refuses the viewer's own unit result and stores nothing", async () => {
    const unit = await leadershipDb().selectFrom("leadership_units").select("id").orderBy("sequence").executeTakeFirstOrThrow();
    const refused = await post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-01", result: "pass" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, form: "unit", formError: "learner.errors.own" });
    expect(await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").where("enrolment_id", "=", ownEnrolment).execute()).toEqual([]);
  });

  it("refuses the viewer's own completion, even with every requirement met, and records nothing", async () => {
    const stamp = new Date().toISOString();
    const units = await leadershipDb().selectFrom("leadership_units").select("id").execute();
    await leadershipDb().insertInto("leadership_unit_results").values(units.map((u) => ({ enrolment_id: ownEnrolment, unit_id: u.id, submitted_on: "2026-10-01", result: "pass" as const, feedback: null, assessed_by: null, assessed_at: stamp }))).execute();
    const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).execute();
    await db().insertInto("attendance").values(sessions.map((s) => ({ session_id: s.id, enrolment_id: ownEnrolment, status: "present" as const, marked_by: null, marked_at: stamp }))).onConflict((oc) => oc.columns(["session_id", "enrolment_id"]).doUpdateSet({ status: "present" })).execute();
    const days = Array.from({ length: 6 }, (_, i) => ({ enrolment_id: ownEnrolment, occurred_on: `2026-10-0${i + 2}`, activity: "Portfolio", minutes: 8 * 60, reflection: null, confirmed_by: null, confirmed_at: stamp, created_at: stamp }));
    await leadershipDb().insertInto("leadership_guided_learning").values(days).execute();
    expect((await progressOf([ownEnrolment])).get(ownEnrolment)?.complete).toBe(true);
    const refused = await post({ intent: "complete", ilmRegistration: "ILM-OWN-1", certificateNumber: "CERT-OWN-1" });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, form: "completion", formError: "learner.errors.own" });
    expect(await leadershipDb().selectFrom("leadership_completions").select("enrolment_id").where("enrolment_id", "=", ownEnrolment).execute()).toEqual([]);
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", ownEnrolment).executeTakeFirstOrThrow()).status).toBe("enrolled");
  });
});

describe("placing someone on a cohort from its page", () => {
  it("refuses the viewer's own employee number beside the field, keeping what was typed, and places nobody", async () => {
    const { id: openCohort } = await freshCohort("Own place refused");
    const path = `/programmes/leadership/cohorts/${openCohort}`;
    const own = await employeeOf(await personIdOf("ld"));
    const typed = { employee: own.toLowerCase(), override: "Covering a team manager's post" };
    const refused = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", ...typed })), { cohortId: String(openCohort) });
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, field: "employee", error: "leadership:cohort.errors.own", values: typed });
    expect(fixedT("en-GB")("leadership:cohort.errors.own")).toBe("You cannot give yourself a place: a colleague must enrol you");
    expect(fixedT("cy")("leadership:cohort.errors.own")).toBe("Ni allwch roi lle i chi eich hun: rhaid i gydweithiwr eich cofrestru");
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", openCohort).execute()).toEqual([]);
  });

  it("still lets a colleague place them", async () => {
    const { id: openCohort } = await freshCohort("Placed by a colleague");
    const ld = await employeeOf(await personIdOf("ld"));
    // One place a person: the place an earlier test gave them is given up first.
    await withoutLevel5Places(await personIdOf("ld"));
    const placed = await run(cohortPage.action, await requestAs("admin", `/programmes/leadership/cohorts/${openCohort}`, form({ intent: "enrol", employee: ld, override: "Covering a team manager's post" })), { cohortId: String(openCohort) });
    expect(placed.data).toMatchObject({ ok: true });
    expect(await db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", openCohort).execute()).toEqual([{ person_id: await personIdOf("ld") }]);
  });
});

/** A cohort with room and nobody on it yet, starting next year. */
async function freshCohort(name: string) {
  const cohortId = await createCohort(
    { programmeId: "leadership", name, startsOn: "2028-02-07", endsOn: "2028-10-30", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: "2028-02-07", cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
    { userId: null, personId: null },
  );
  return { id: cohortId };
}
