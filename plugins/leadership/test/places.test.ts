// Places on the Level 5 programme: requests, decisions, direct and bulk enrolment, registers,
// calendars and switching the programme off.
import { beforeAll, describe, expect, it } from "vitest";
import * as home from "../routes/index";
import * as newCohort from "../routes/cohorts.new";
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as cohortCalendar from "../routes/cohorts.$cohortId.calendar";
import * as sessionCalendar from "../routes/sessions.$sessionId.calendar";
import * as register from "../routes/sessions.$sessionId.register";
import * as decide from "../../../app/routes/team.requests.$enrolmentId";
import * as team from "../../../app/routes/team._index";
import * as me from "../../../app/routes/me._index";
import * as plugins from "../../../app/routes/admin.plugins";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { postRegister, registerOpenedBy } from "./register-page";
import { cohortNamed, employeeOf, form, holdSessionYesterday, withoutLevel5Places } from "./support";

beforeAll(seedDemo);

describe("the demo data", () => {
  it("has cohort 1 part way through with 13 learners and attendance, and cohort 2 open with a waiting list and requests", async () => {
    const first = await cohortNamed("Cohort 1");
    const second = await cohortNamed("Cohort 2");
    const count = async (cohortId: number, status: string) => Number((await db().selectFrom("enrolments").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", cohortId).where("status", "=", status as never).executeTakeFirstOrThrow()).n);
    expect(await count(first.id, "enrolled")).toBe(13);
    expect(await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", first.id).execute()).toHaveLength(16);
    const marks = await db().selectFrom("attendance").innerJoin("enrolments", "enrolments.id", "attendance.enrolment_id").select("attendance.status").where("enrolments.cohort_id", "=", first.id).execute();
    expect(marks.length).toBeGreaterThan(13 * 8);
    expect(await count(second.id, "enrolled")).toBe(12);
    expect(await count(second.id, "waitlisted")).toBe(3);
    expect(await count(second.id, "requested")).toBe(2);
  });
});

describe("asking for a place", () => {
  it("tells a practitioner why the programme is not for them, and refuses their request", async () => {
    const page = await run(home.loader, await requestAs("practitioner", "/programmes/leadership"));
    expect((page.data as { eligibility: { eligible: boolean; reasonKey: string } }).eligibility).toEqual({ eligible: false, reasonKey: "eligibility.notFirstLineManager" });
    const { id } = await cohortNamed("Cohort 2");
    const refused = await run(home.action, await requestAs("practitioner", "/programmes/leadership", form({ intent: "request", cohort: String(id) })));
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: "leadership:eligibility.notFirstLineManager" });
  });

  it("sends a first line manager's request to the manager above them, who approves it onto the waiting list", async () => {
    const serviceManager = await personIdOf("serviceManager");
    const requests = await placeRequests("serviceManager");
    expect(requests).toHaveLength(2);
    expect(requests[0].what).toMatch(/^Place on Level 5 Leadership and Management: Cohort 2$/);
    const request = requests[0];
    const missingReason = await run(decide.action, await requestAs("serviceManager", `/team/requests/${request.id}`, form({ decision: "decline" })), { enrolmentId: String(request.id) });
    expect(missingReason.status).toBe(400);
    expect((missingReason.data as { error: Record<string, string[]> }).error.reason).toEqual(["requests.errors.reasonNeeded"]);
    const page = await run(decide.loader, await requestAs("serviceManager", `/team/requests/${request.id}`), { enrolmentId: String(request.id) });
    const { askedAt } = page.data as { askedAt: string };
    const approved = await run(decide.action, await requestAs("serviceManager", `/team/requests/${request.id}`, form({ decision: "approve", askedAt })), { enrolmentId: String(request.id) });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe("/team?decided=waitlisted");
    const row = await db().selectFrom("enrolments").select(["status", "waitlist_position", "decided_by"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "waitlisted", waitlist_position: 4, decided_by: serviceManager });
  });

  it("does not let a manager decide a request from outside their line", async () => {
    const requests = await placeRequests("serviceManager");
    const outcome = await run(decide.loader, await requestAs("manager", `/team/requests/${requests[0].id}`), { enrolmentId: String(requests[0].id) });
    expect(outcome.status).toBe(404);
    // Nor are they in that manager's inbox: it lists only requests from below them in the line.
    expect(requests.length).toBeGreaterThan(0);
    expect(await placeRequests("manager")).toEqual([]);
  });
});

describe("withdrawing from the Level 5 home", () => {
  it("refuses a place on another programme's cohort as it refuses an unknown one, and promotes nobody there", async () => {
    const programmeId = "leadership-test-other";
    await db().insertInto("programmes").values({ id: programmeId, enabled: 1, updated_at: new Date().toISOString() }).execute();
    const staff = { userId: null, personId: null };
    const cohortId = await createCohort(
      { programmeId, name: "Another programme's cohort", startsOn: "2027-03-01", endsOn: "2027-12-01", capacity: 1, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      null,
      staff,
    );
    const manager = await personIdOf("manager");
    const own = await requestPlace({ cohortId, personId: manager, actor: staff, direct: true });
    const waiting = await requestPlace({ cohortId, personId: await personIdOf("practitioner"), actor: staff, direct: true });
    expect([own.ok && own.status, waiting.ok && waiting.status]).toEqual(["enrolled", "waitlisted"]);
    const before = await db().selectFrom("enrolments").select(["id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute();
    const outcome = await run(home.action, await requestAs("manager", "/programmes/leadership", form({ intent: "withdraw", enrolment: String(own.ok && own.enrolmentId) })));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ ok: false, error: "common:enrolment.errors.notActive" });
    expect(await db().selectFrom("enrolments").select(["id", "status", "waitlist_position"]).where("cohort_id", "=", cohortId).orderBy("id").execute()).toEqual(before);
  });
});

/** The place requests waiting in a manager's inbox on /team, with the enrolment id from their link. */
async function placeRequests(who: "manager" | "serviceManager") {
  const page = await run(team.loader, await requestAs(who, "/team"));
  expect(page.status).toBe(200);
  const inbox = (page.data as { inbox: { href: string; what: string }[] }).inbox;
  return inbox.filter((i) => i.href.startsWith("/team/requests/")).map((i) => ({ ...i, id: Number(i.href.split("/").pop()) }));
}

describe("running a cohort (L&D)", () => {
  it("says what is wrong with a new cohort, field by field", async () => {
    const outcome = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name: "", startsOn: "2027-02-30", endsOn: "2027-01-01", capacity: "0", firstSession: "2027-01-01", cadence: "daily", sessionCount: "99", sessionTime: "25:00", durationMinutes: "5" })));
    expect(outcome.status).toBe(400);
    const errors = (outcome.data as { error: Record<string, string[]> }).error;
    expect(errors).toMatchObject({
      name: ["cohorts.errors.nameRequired"],
      startsOn: ["cohorts.errors.date"],
      capacity: ["cohorts.errors.capacity"],
      cadence: ["cohorts.errors.cadence"],
      sessionCount: ["cohorts.errors.sessionCount"],
      sessionTime: ["cohorts.errors.time"],
      durationMinutes: ["cohorts.errors.duration"],
    });
  });

  it("creates a cohort with its sixteen sessions in one step", async () => {
    const outcome = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name: "Cohort 3", startsOn: "2027-09-06", endsOn: "2028-04-30", capacity: "14", enrolmentOpensOn: "2027-05-01", enrolmentClosesOn: "2027-08-01", venue: "Civic Centre", onlineUrl: "", requiresManagerApproval: "yes", firstSession: "2027-09-06", cadence: "fortnightly", sessionCount: "16", sessionTime: "09:30", durationMinutes: "210" })));
    expect(outcome.status).toBe(302);
    const { id } = await cohortNamed("Cohort 3");
    expect(outcome.headers.get("Location")).toBe(`/programmes/leadership/cohorts/${id}?created=1`);
    const sessions = await db().selectFrom("cohort_sessions").select(["title", "starts_at"]).where("cohort_id", "=", id).orderBy("sequence").execute();
    expect(sessions).toHaveLength(16);
    expect(sessions[0]).toEqual({ title: "Leadership and management in children's social care", starts_at: "2027-09-06T08:30:00.000Z" });
  });

  it("gives a cohort just created an empty roster and report, for the sentence that replaces each table", async () => {
    const report = await import("../routes/cohorts.$cohortId.report");
    const { id } = await cohortNamed("Cohort 3");
    const path = `/programmes/leadership/cohorts/${id}`;
    const page = await run(cohortPage.loader, await requestAs("ld", `${path}?created=1`), { cohortId: String(id) });
    expect(page.status).toBe(200);
    expect((page.data as { roster: unknown[]; sessions: unknown[] }).roster).toEqual([]);
    expect((page.data as { sessions: unknown[] }).sessions).toHaveLength(16);
    const reported = await run(report.loader, await requestAs("ld", `${path}/report`), { cohortId: String(id) });
    expect(reported.data).toMatchObject({ enrolled: 0, waiting: 0, people: [] });
  });

  it("enrols someone directly, asking for a reason when they are not a first line manager", async () => {
    const { id } = await cohortNamed("Cohort 3");
    const path = `/programmes/leadership/cohorts/${id}`;
    const practitioner = await employeeOf(await personIdOf("practitioner"));
    const unknown = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee: "NOBODY" })), { cohortId: String(id) });
    expect(unknown.data).toMatchObject({ ok: false, field: "employee", error: "leadership:cohort.errors.unknownEmployee" });
    const noReason = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee: practitioner })), { cohortId: String(id) });
    expect(noReason.data).toMatchObject({ ok: false, field: "override", error: "leadership:cohort.errors.overrideNeeded", values: { employee: practitioner } });
    const withReason = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "enrol", employee: practitioner, override: "Acting team manager from January" })), { cohortId: String(id) });
    expect(withReason.data).toEqual({ ok: true, message: "leadership:home.outcome.enrolled" });
    const row = await db().selectFrom("enrolments").select(["status", "override_reason"]).where("cohort_id", "=", id).where("person_id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "enrolled", override_reason: "Acting team manager from January" });
  });

  it("withdraws a learner and gives their place to the first person waiting, who is told on /me", async () => {
    const { id } = await cohortNamed("Cohort 2");
    const holder = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).where("status", "=", "enrolled").orderBy("id").executeTakeFirstOrThrow();
    const first = await db().selectFrom("enrolments").select(["id", "person_id"]).where("cohort_id", "=", id).where("status", "=", "waitlisted").orderBy("waitlist_position").executeTakeFirstOrThrow();
    const outcome = await run(cohortPage.action, await requestAs("ld", `/programmes/leadership/cohorts/${id}`, form({ intent: "withdraw", enrolment: String(holder.id) })), { cohortId: String(id) });
    expect(outcome.data).toEqual({ ok: true, message: "leadership:cohort.withdrawnAndPromoted" });
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", first.id).executeTakeFirstOrThrow()).status).toBe("enrolled");
    const notices = await db().selectFrom("notices").select(["message_key", "values_json"]).where("person_id", "=", first.person_id).execute();
    expect(notices).toEqual([{ message_key: "notices.promoted", values_json: JSON.stringify({ cohort: "Cohort 2" }) }]);
  });

  it("takes a register for everyone at once and then one by one, ignoring people not on the cohort", async () => {
    const { id } = await cohortNamed("Cohort 2");
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    // Only a session held keeps a register.
    await holdSessionYesterday(session.id);
    const path = `/programmes/leadership/sessions/${session.id}/register`;
    const params = { sessionId: String(session.id) };
    const all = await postRegister(session.id, { ...(await registerOpenedBy(session.id)), intent: "all-present" });
    expect(all.data).toEqual({ changed: 12 });
    const rows = ((await run(register.loader, await requestAs("ld", path), params)).data as { rows: { enrolmentId: number; mark: string }[] }).rows;
    expect(rows.every((r) => r.mark === "present")).toBe(true);
    const stranger = await db().selectFrom("enrolments").select("id").where("cohort_id", "<>", id).executeTakeFirstOrThrow();
    const one = await postRegister(session.id, { ...(await registerOpenedBy(session.id)), intent: "save", [`mark-${rows[0].enrolmentId}`]: "excused", [`mark-${rows[1].enrolmentId}`]: "absent", [`mark-${stranger.id}`]: "present", [`shown-${stranger.id}`]: "" });
    expect(one.data).toEqual({ changed: 2 });
    const marks = await db().selectFrom("attendance").select(["enrolment_id", "status"]).where("session_id", "=", session.id).orderBy("enrolment_id").execute();
    expect(marks.find((m) => m.enrolment_id === rows[0].enrolmentId)?.status).toBe("excused");
    expect(marks.some((m) => m.enrolment_id === stranger.id)).toBe(false);
  });

  it("offers each session and the whole cohort as calendar files", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const feed = await run(cohortCalendar.loader, await requestAs("manager", `/programmes/leadership/cohorts/${id}/calendar`), { cohortId: String(id) });
    expect(feed.headers.get("Content-Type")).toBe("text/calendar; charset=utf-8");
    expect(((feed.data as string).match(/BEGIN:VEVENT/g) ?? []).length).toBe(16);
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    const single = await run(sessionCalendar.loader, await requestAs("manager", `/programmes/leadership/sessions/${session.id}/calendar`), { sessionId: String(session.id) });
    expect(single.data as string).toContain("SUMMARY:Cohort 1: Leadership and management in children's social care");
    expect(((single.data as string).match(/BEGIN:VEVENT/g) ?? []).length).toBe(1);
  });

  it("keeps cohort pages from practitioners", async () => {
    const { id } = await cohortNamed("Cohort 1");
    expect((await run(cohortPage.loader, await requestAs("practitioner", `/programmes/leadership/cohorts/${id}`), { cohortId: String(id) })).status).toBe(403);
    expect((await run(newCohort.loader, await requestAs("manager", "/programmes/leadership/cohorts/new"))).status).toBe(403);
  });
});

describe("changing a session", () => {
  it("moves a session in London time, or cancels it so calendars drop it", async () => {
    const editRoute = await import("../routes/sessions.$sessionId.edit");
    const { id } = await cohortNamed("Cohort 2");
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/sessions/${session.id}/edit`;
    const params = { sessionId: String(session.id) };
    // The session as the edit page shows it now, which its form sends back.
    const shown = async () => ((await run(editRoute.loader, await requestAs("ld", path), params)).data as { shown: string }).shown;
    const bad = await run(editRoute.action, await requestAs("ld", path, form({ title: "", date: "2027-13-01", time: "9am", durationMinutes: "1000", shown: await shown() })), params);
    expect(Object.keys((bad.data as { error: Record<string, string[]> }).error).sort()).toEqual(["date", "durationMinutes", "time", "title"]);
    const moved = await run(editRoute.action, await requestAs("ld", path, form({ title: "Reflective supervision in practice", date: "2027-07-01", time: "13:00", durationMinutes: "120", location: "Room 4", status: "scheduled", shown: await shown() })), params);
    expect(moved.headers.get("Location")).toBe(`/programmes/leadership/cohorts/${id}?session=updated`);
    expect(await db().selectFrom("cohort_sessions").select(["title", "starts_at", "ends_at", "location", "status"]).where("id", "=", session.id).executeTakeFirstOrThrow()).toEqual({
      title: "Reflective supervision in practice", starts_at: "2027-07-01T12:00:00.000Z", ends_at: "2027-07-01T14:00:00.000Z", location: "Room 4", status: "scheduled",
    });
    await run(editRoute.action, await requestAs("ld", path, form({ title: "Reflective supervision in practice", date: "2027-07-01", time: "13:00", durationMinutes: "120", status: "cancelled", shown: await shown() })), params);
    const calendar = await run(sessionCalendar.loader, await requestAs("practitioner", `/programmes/leadership/sessions/${session.id}/calendar`), params);
    expect(calendar.data as string).toContain("STATUS:CANCELLED");
    const audit = await db().selectFrom("audit_events").select("action").where("action", "like", "cohort_session.%").where("subject_id", "=", String(session.id)).orderBy("id").execute();
    expect(audit.map((a) => a.action)).toEqual(["cohort_session.updated", "cohort_session.cancelled"]);
  });
});

describe("enrolling many people at once", () => {
  const upload = async (cohortId: number, csv: string) => {
    const body = new FormData();
    body.set("intent", "csv");
    body.set("file", new File([csv], "people.csv", { type: "text/csv" }));
    const bulk = await import("../routes/cohorts.$cohortId.bulk");
    return run(bulk.action, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/bulk`, { method: "POST", body }), { cohortId: String(cohortId) });
  };
  const createTestCohort = async (name: string, capacity: number) => {
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name, startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: String(capacity), requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "fortnightly", sessionCount: "14", sessionTime: "10:00", durationMinutes: "180" })));
    expect(created.status).toBe(302);
    return (await cohortNamed(name)).id;
  };

  it("reports every bad row of a file with its line and enrols nobody", async () => {
    const id = await createTestCohort("Bulk A", 3);
    const managers = await db().selectFrom("people").select(["id", "employee_number"]).where("role_category", "=", "team_manager").orderBy("id").limit(3).execute();
    // One Level 5 place a person: the demo's places elsewhere are given up, so each line is about this file.
    for (const m of managers) await withoutLevel5Places(m.id);
    const practitioner = await employeeOf(await personIdOf("practitioner"));
    const csv = ["employee_number,reason", managers[0].employee_number, "NOBODY", managers[0].employee_number, `${practitioner},`, ""].join("\n");
    const outcome = await upload(id, csv);
    expect(outcome.status).toBe(400);
    expect((outcome.data as { problems: { line: number; key: string }[] }).problems.map((p) => [p.line, p.key])).toEqual([
      [3, "bulk.errors.unknownEmployee"],
      [4, "bulk.errors.duplicate"],
      [5, "bulk.errors.reasonNeeded"],
    ]);
    expect(await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).execute()).toEqual([]);
  });

  it("enrols a good file in its order, places first then the waiting list", async () => {
    const id = await createTestCohort("Bulk B", 2);
    const managers = await db().selectFrom("people").select(["id", "employee_number"]).where("role_category", "=", "team_manager").orderBy("id").limit(3).execute();
    for (const m of managers) await withoutLevel5Places(m.id);
    await withoutLevel5Places(await personIdOf("practitioner"));
    const practitioner = await employeeOf(await personIdOf("practitioner"));
    const csv = ["employee_number,reason", ...managers.map((m) => m.employee_number), `${practitioner},Acting up`].join("\n");
    const outcome = await upload(id, csv);
    expect(outcome.data).toEqual({ kind: "done", enrolled: 2, waitlisted: 2 });
    const rows = await db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position", "override_reason"]).where("cohort_id", "=", id).orderBy("id").execute();
    expect(rows.map((r) => [r.status, r.waitlist_position])).toEqual([["enrolled", null], ["enrolled", null], ["waitlisted", 1], ["waitlisted", 2]]);
    expect(rows[3].override_reason).toBe("Acting up");
    expect((await upload(id, csv)).status).toBe(400);
  });

  it("reads past a column of names kept for whoever reads the file, and lines that stop after the number", async () => {
    const id = await createTestCohort("Bulk names", 5);
    const managers = await db().selectFrom("people").select(["id", "employee_number", "given_name"]).where("role_category", "=", "team_manager").orderBy("id").limit(2).execute();
    for (const m of managers) await withoutLevel5Places(m.id);
    const csv = ["employee_number,name,reason", `${managers[0].employee_number},${managers[0].given_name}`, `${managers[1].employee_number},"${managers[1].given_name}",`].join("\r\n");
    expect((await upload(id, csv)).data).toEqual({ kind: "done", enrolled: 2, waitlisted: 0 });
    expect((await db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", id).orderBy("id").execute()).map((r) => r.person_id)).toEqual(managers.map((m) => m.id));
  });

  it("previews a filter, asks for a reason when some are not eligible, then enrols them all", async () => {
    const bulk = await import("../routes/cohorts.$cohortId.bulk");
    const id = await createTestCohort("Bulk C", 100);
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/cohorts/${id}/bulk`;
    const look = async (query: string) => ((await run(bulk.loader, await requestAs("ld", `${path}?preview=1&${query}`), { cohortId: String(id) })).data as { preview: { total: number; ineligible: number; leftOut: number; shown: string } }).preview;
    // North team managers holding a place elsewhere (the demo's, less any given up above) are left out and
    // counted, and are not found at all when those with a place on the programme are left out.
    const holding = await look(`role=team_manager&locality=${north.id}`);
    expect(holding.leftOut).toBeGreaterThan(0);
    expect(await look(`role=team_manager&locality=${north.id}&without=yes`)).toMatchObject({ total: holding.total, leftOut: 0 });
    const northManagers = await db().selectFrom("people as p").innerJoin("org_units as t", "t.id", "p.team_id").select("p.id").where("p.role_category", "=", "team_manager").where("t.parent_id", "=", north.id).execute();
    for (const m of northManagers) await withoutLevel5Places(m.id);
    const shown = await look(`role=team_manager&locality=${north.id}`);
    expect(shown).toEqual({ total: 3, ineligible: 0, leftOut: 0, tooMany: false, shown: expect.any(String), people: expect.any(Array) });
    // The form sends back what its preview showed.
    const done = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "team_manager", locality: String(north.id), shown: shown.shown })), { cohortId: String(id) });
    expect(done.data).toEqual({ kind: "done", enrolled: 3, waitlisted: 0 });
    const socialShown = await look(`role=social_worker&locality=${north.id}`);
    expect(socialShown.ineligible).toBeGreaterThan(0);
    const social = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "social_worker", locality: String(north.id), shown: socialShown.shown })), { cohortId: String(id) });
    expect(social.data).toEqual({ kind: "error", error: "bulk.errors.filterReasonNeeded", field: "reason", values: { reason: "" } });
  });
});

describe("switching the programme off", () => {
  it("hides its pages and its cards and breaks no core page", async () => {
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "leadership", enabled: "0" })));
    expect((await run(home.loader, await requestAs("manager", "/programmes/leadership"))).status).toBe(404);
    const mine = (await run(me.loader, await requestAs("manager", "/me"))) as { status: number; data: { widgets: { id: string }[] } };
    expect(mine.status).toBe(200);
    expect(mine.data.widgets.map((w) => w.id)).not.toContain("leadership-learner");
    expect(await placeRequests("serviceManager")).toEqual([]);
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "leadership", enabled: "1" })));
    expect((await run(home.loader, await requestAs("manager", "/programmes/leadership"))).status).toBe(200);
  });
});
