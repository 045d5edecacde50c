// A learner's progress on Level 5: their card on /me, guided learning, assessed units, completion, and
// their manager's view.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { createCohort } from "../../../app/services/cohorts.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { cohortNamed, employeeOf, form, holdEverySession, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

describe("a learner's card on /me", () => {
  it("shows the demo manager's cohort, next session and attendance so far", async () => {
    const data = (await run(me.loader, await requestAs("manager", "/me"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
    const card = data.widgets.find((w) => w.id === "leadership-learner");
    expect(card?.rows?.[0]).toEqual({ label: "Cohort", value: "Cohort 1" });
    expect(card?.rows?.[2].value).toMatch(/^\d+ of \d+ held so far$/);
  });
});

describe("guided learning", () => {
  it("lets a learner log hours, says what is wrong with an entry, and counts only confirmed hours towards the target", async () => {
    const learning = await import("../routes/learning");
    const bad = await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: "2100-01-01", activity: "", hours: "30" })));
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({ occurredOn: ["learning.errors.future"], activity: ["learning.errors.activityRequired"], hours: ["learning.errors.hours"] });
    const before = (await run(learning.loader, await requestAs("manager", "/programmes/leadership/learning"))).data as { totals: { confirmed: string; waiting: string } };
    const today = new Date().toISOString().slice(0, 10);
    const good = await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: today, activity: "Reading: permanence planning", hours: "1.5" })));
    expect(good.status).toBe(303);
    const after = (await run(learning.loader, await requestAs("manager", "/programmes/leadership/learning"))).data as { totals: { confirmed: string; waiting: string }; entries: { activity: string; confirmed: boolean }[] };
    expect(after.totals.confirmed).toBe(before.totals.confirmed);
    expect(Number(after.totals.waiting)).toBeCloseTo(Number(before.totals.waiting) + 1.5, 5);
    expect(after.entries[0]).toMatchObject({ activity: "Reading: permanence planning", confirmed: false });
  });

  it("tells someone without a place that there is nothing to log against", async () => {
    const learning = await import("../routes/learning");
    const page = await run(learning.loader, await requestAs("asye", "/programmes/leadership/learning"));
    expect((page.data as { place: unknown }).place).toBeNull();
    const refused = await run(learning.action, await requestAs("asye", "/programmes/leadership/learning", form({ occurredOn: "2026-01-01", activity: "x", hours: "1" })));
    expect(refused.status).toBe(400);
  });

  it("lets L&D confirm entries on the cohort, the ones chosen or all, and nothing elsewhere", async () => {
    const confirm = await import("../routes/cohorts.$cohortId.learning");
    const { id } = await cohortNamed("Cohort 1");
    const path = `/programmes/leadership/cohorts/${id}/learning`;
    const params = { cohortId: String(id) };
    const waiting = ((await run(confirm.loader, await requestAs("ld", path), params)).data as { entries: { id: number }[] }).entries;
    expect(waiting.length).toBeGreaterThan(13);
    const one = await run(confirm.action, await requestAs("ld", path, form({ intent: "selected", entry: String(waiting[0].id) })), params);
    expect(one.data).toEqual({ confirmed: 1 });
    const again = await run(confirm.action, await requestAs("ld", path, form({ intent: "selected", entry: String(waiting[0].id) })), params);
    expect(again.data).toEqual({ confirmed: 0 });
    const all = await run(confirm.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams([["intent", "all"], ...waiting.map((e) => ["listed", String(e.id)])]) }), params);
    expect(all.data).toEqual({ confirmed: waiting.length - 1 });
    const card = ((await run(me.loader, await requestAs("manager", "/me"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] }).widgets.find((w) => w.id === "leadership-learner");
    expect(card?.rows?.[3]).toMatchObject({ label: "Self-study" });
    expect(card?.rows?.[3].value).toMatch(/^[\d.]+ of 40 hours confirmed$/);
  });
});

describe("assessed units and completion", () => {
  const learnerPath = (cohortId: number, enrolmentId: number) => `/programmes/leadership/cohorts/${cohortId}/learners/${enrolmentId}`;

  it("records unit results, refuses completion until every requirement is met, then completes with a certificate and a CPD entry", async () => {
    const route = await import("../routes/cohorts.$cohortId.learners.$enrolmentId");
    const readiness = await import("../../../app/services/readiness.server");
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const enrolment = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", cohortId).where("status", "=", "enrolled").orderBy("id", "desc").executeTakeFirstOrThrow();
    const path = learnerPath(cohortId, enrolment.id);
    const params = { cohortId: String(cohortId), enrolmentId: String(enrolment.id) };
    const units = (await db().selectFrom("leadership_units" as never).select(["id" as never]).execute()) as { id: number }[];

    const missing = await run(route.action, await requestAs("ld", path, form({ intent: "unit", unit: String(units[0].id), submittedOn: "2026-10-01" })), params);
    expect(missing.data).toMatchObject({ ok: false, form: "unit", errors: { result: ["learner.errors.result"] } });

    const early = await run(route.action, await requestAs("ld", path, form({ intent: "complete", ilmRegistration: "ILM-123", certificateNumber: "CERT-0001" })), params);
    expect(early.data).toMatchObject({ ok: false, formError: "learner.errors.notComplete" });

    for (const unit of units) {
      const saved = await run(route.action, await requestAs("ld", path, form({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-01", result: "pass", feedback: "Clear analysis" })), params);
      expect(saved.data).toEqual({ ok: true, message: "learner.unitSaved" });
    }
    // Every session attended, and held: only a session held counts.
    await holdEverySession(cohortId);
    const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).execute();
    for (const s of sessions) {
      await db().insertInto("attendance").values({ session_id: s.id, enrolment_id: enrolment.id, status: "present", marked_by: null, marked_at: new Date().toISOString() }).onConflict((oc) => oc.columns(["session_id", "enrolment_id"]).doUpdateSet({ status: "present" })).execute();
    }
    // Forty confirmed hours of self-study, a day at a time.
    const stamp = new Date().toISOString();
    const days = Array.from({ length: 5 }, (_, i) => ({ enrolment_id: enrolment.id, occurred_on: `2026-10-0${i + 2}`, activity: "Portfolio", minutes: 8 * 60, reflection: null, confirmed_by: null, confirmed_at: stamp, created_at: stamp }));
    await db().insertInto("leadership_guided_learning" as never).values(days as never).execute();

    const page = (await run(route.loader, await requestAs("ld", path), params)).data as { progress: { complete: boolean; unitsPassed: number } };
    expect(page.progress).toMatchObject({ complete: true, unitsPassed: units.length });
    const badCode = await run(route.action, await requestAs("ld", path, form({ intent: "complete", ilmRegistration: "x", certificateNumber: "" })), params);
    expect(badCode.data).toMatchObject({ ok: false, errors: { ilmRegistration: ["learner.errors.code"], certificateNumber: ["learner.errors.certificateRequired"] } });
    const done = await run(route.action, await requestAs("ld", path, form({ intent: "complete", ilmRegistration: "ILM-123", certificateNumber: "CERT-0001" })), params);
    expect(done.data).toEqual({ ok: true, message: "learner.completed" });

    expect((await db().selectFrom("enrolments").select("status").where("id", "=", enrolment.id).executeTakeFirstOrThrow()).status).toBe("completed");
    const cpd = await db().selectFrom("cpd_entries").select(["source", "source_ref", "hours"]).where("person_id", "=", enrolment.person_id).where("source", "=", "leadership").execute();
    expect(cpd).toHaveLength(1);
    expect(cpd[0]).toMatchObject({ source: "leadership", source_ref: `enrolment:${enrolment.id}` });
    expect(cpd[0].hours).toBeGreaterThan(40 + 16 * 3);
    // Completion is offered, through the core, as evidence for the statements the rules name: by default
    // practice supervisor statements 4 and 7, the two whose numbering REFERENCE.md confirms.
    const offers = await db().selectFrom("evidence_offers").select(["source", "statement_ref"]).where("person_id", "=", enrolment.person_id).where("source", "=", "leadership").orderBy("statement_ref").execute();
    expect(offers).toEqual([{ source: "leadership", statement_ref: "kss-supervisor:4" }, { source: "leadership", statement_ref: "kss-supervisor:7" }]);
    const items = (await readiness.readinessFor([enrolment.person_id], "en-GB")).get(enrolment.person_id)!;
    expect(items.find((i) => i.requirementId === "level-5")).toMatchObject({ status: "met", reason: "Completed, with an ILM certificate." });
    const twice = await run(route.action, await requestAs("ld", path, form({ intent: "complete", ilmRegistration: "ILM-123", certificateNumber: "CERT-0002" })), params);
    expect(twice.data).toMatchObject({ ok: false, formError: "learner.errors.already" });
  });

  it("contributes Level 5 to the team manager stage and to a first line manager's readiness", async () => {
    const pathway = await import("../../../app/services/pathway.server");
    const readiness = await import("../../../app/services/readiness.server");
    expect(await pathway.pathwayRequirements("team_manager")).toContainEqual({ id: "level-5", stages: ["team_manager"], labelKey: "readiness.label", source: "leadership" });
    const manager = await personIdOf("manager");
    const practitioner = await personIdOf("asye");
    const items = await readiness.readinessFor([manager, practitioner], "en-GB");
    expect(items.get(manager)!.find((i) => i.requirementId === "level-5")).toMatchObject({ status: "in_progress" });
    expect(items.get(practitioner)!.some((i) => i.requirementId === "level-5")).toBe(false);
  });
});

describe("a manager's view", () => {
  it("shows the people in their line on the programme with their progress, and books a place for one of them", async () => {
    const teamRoute = await import("../routes/team");
    const view = (await run(teamRoute.loader, await requestAs("serviceManager", "/programmes/leadership/team"))).data as { members: { name: string; status: string; attended: string }[]; openCohorts: { id: number; name: string }[] };
    expect(view.members.some((m) => m.name === "Pritchard, Morgan" && m.status === "enrolled" && /^\d+ \/ 14$/.test(m.attended))).toBe(true);
    expect(view.openCohorts.map((c) => c.name)).toContain("Cohort 2");
    const cohort2 = view.openCohorts.find((c) => c.name === "Cohort 2")!;
    const supervisor = await db().selectFrom("people").select("employee_number").where("line_manager_id", "=", await personIdOf("manager")).where("role_category", "=", "practice_supervisor").executeTakeFirst();
    // A fresh cohort, open now and with one place, so the booking lands whatever the demo data holds.
    const fresh = await createCohort({ programmeId: "leadership", name: "Booking test", startsOn: "2027-06-01", endsOn: "2027-12-01", capacity: 0, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true }, null, { userId: null, personId: null });
    const outsider = await employeeOf(await personIdOf("ld"));
    const notMine = await run(teamRoute.action, await requestAs("manager", "/programmes/leadership/team", form({ employee: outsider, cohort: String(cohort2.id) })));
    expect(notMine.data).toMatchObject({ ok: false, error: "team.errors.notInTeam" });
    const ineligible = await run(teamRoute.action, await requestAs("manager", "/programmes/leadership/team", form({ employee: await employeeOf(await personIdOf("asye")), cohort: String(cohort2.id) })));
    expect(ineligible.data).toMatchObject({ ok: false, error: "eligibility.notFirstLineManager" });
    expect(supervisor).toBeDefined();
    // One place a person: whatever place the demo or an earlier test gave them is given up first.
    await withoutLevel5Places((await db().selectFrom("people").select("id").where("employee_number", "=", supervisor!.employee_number).executeTakeFirstOrThrow()).id);
    const booked = await run(teamRoute.action, await requestAs("manager", "/programmes/leadership/team", form({ employee: supervisor!.employee_number, cohort: String(fresh) })));
    expect(booked.data).toEqual({ ok: true, status: "waitlisted" });
    const audit = await db().selectFrom("audit_events").select("action").where("action", "=", "enrolment.booked_by_manager").execute();
    expect(audit).toHaveLength(1);
  });
});
