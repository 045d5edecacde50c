// The Level 5 programme through its real routes, on the demo organisation's seeded cohorts.
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
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";

const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const cohortNamed = async (name: string) => (await db().selectFrom("cohorts").select(["id", "capacity"]).where("programme_id", "=", "leadership").where("name", "=", name).executeTakeFirstOrThrow());
const employeeOf = async (personId: number) => (await db().selectFrom("people").select("employee_number").where("id", "=", personId).executeTakeFirstOrThrow()).employee_number;

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
    const requests = (await run(team.loader, await requestAs("serviceManager", "/team"))).data as { requests: { id: number; name: string; programme: string }[] };
    expect(requests.requests).toHaveLength(2);
    expect(requests.requests[0].programme).toBe("Level 5 Leadership and Management");
    const request = requests.requests[0];
    const missingReason = await run(decide.action, await requestAs("serviceManager", `/team/requests/${request.id}`, form({ decision: "decline" })), { enrolmentId: String(request.id) });
    expect(missingReason.status).toBe(400);
    expect((missingReason.data as { error: Record<string, string[]> }).error.reason).toEqual(["requests.errors.reasonNeeded"]);
    const approved = await run(decide.action, await requestAs("serviceManager", `/team/requests/${request.id}`, form({ decision: "approve" })), { enrolmentId: String(request.id) });
    expect(approved.status).toBe(302);
    expect(approved.headers.get("Location")).toBe("/team?decided=waitlisted");
    const row = await db().selectFrom("enrolments").select(["status", "waitlist_position", "decided_by"]).where("id", "=", request.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "waitlisted", waitlist_position: 4, decided_by: serviceManager });
  });

  it("does not let a manager decide a request from outside their line", async () => {
    const requests = ((await run(team.loader, await requestAs("serviceManager", "/team"))).data as { requests: { id: number }[] }).requests;
    const outcome = await run(decide.loader, await requestAs("manager", `/team/requests/${requests[0].id}`), { enrolmentId: String(requests[0].id) });
    expect(outcome.status).toBe(404);
  });
});

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
    const path = `/programmes/leadership/sessions/${session.id}/register`;
    const params = { sessionId: String(session.id) };
    const all = await run(register.action, await requestAs("ld", path, form({ intent: "all-present" })), params);
    expect(all.data).toEqual({ changed: 12 });
    const rows = ((await run(register.loader, await requestAs("ld", path), params)).data as { rows: { enrolmentId: number; mark: string }[] }).rows;
    expect(rows.every((r) => r.mark === "present")).toBe(true);
    const stranger = await db().selectFrom("enrolments").select("id").where("cohort_id", "<>", id).executeTakeFirstOrThrow();
    const one = await run(register.action, await requestAs("ld", path, form({ intent: "save", [`mark-${rows[0].enrolmentId}`]: "excused", [`mark-${rows[1].enrolmentId}`]: "absent", [`mark-${stranger.id}`]: "present" })), params);
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

describe("a learner's card on /me", () => {
  it("shows the demo manager's cohort, next session and attendance so far", async () => {
    const data = (await run(me.loader, await requestAs("manager", "/me"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
    const card = data.widgets.find((w) => w.id === "leadership-learner");
    expect(card?.rows?.[0]).toEqual({ label: "Cohort", value: "Cohort 1" });
    expect(card?.rows?.[2].value).toMatch(/^\d+ of \d+ held so far$/);
  });
});

describe("switching the programme off", () => {
  it("hides its pages and its cards and breaks no core page", async () => {
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "leadership", enabled: "0" })));
    expect((await run(home.loader, await requestAs("manager", "/programmes/leadership"))).status).toBe(404);
    const mine = (await run(me.loader, await requestAs("manager", "/me"))) as { status: number; data: { widgets: { id: string }[] } };
    expect(mine.status).toBe(200);
    expect(mine.data.widgets.map((w) => w.id)).not.toContain("leadership-learner");
    const teamPage = (await run(team.loader, await requestAs("serviceManager", "/team"))) as { status: number; data: { requests: unknown[] } };
    expect(teamPage.status).toBe(200);
    expect(teamPage.data.requests).toEqual([]);
    await run(plugins.action, await requestAs("admin", "/admin/plugins", form({ plugin: "leadership", enabled: "1" })));
    expect((await run(home.loader, await requestAs("manager", "/programmes/leadership"))).status).toBe(200);
  });
});

describe("changing a session", () => {
  it("moves a session in London time, or cancels it so calendars drop it", async () => {
    const editRoute = await import("../routes/sessions.$sessionId.edit");
    const { id } = await cohortNamed("Cohort 2");
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/sessions/${session.id}/edit`;
    const params = { sessionId: String(session.id) };
    const bad = await run(editRoute.action, await requestAs("ld", path, form({ title: "", date: "2027-13-01", time: "9am", durationMinutes: "1000" })), params);
    expect(Object.keys((bad.data as { error: Record<string, string[]> }).error).sort()).toEqual(["date", "durationMinutes", "time", "title"]);
    const moved = await run(editRoute.action, await requestAs("ld", path, form({ title: "Reflective supervision in practice", date: "2027-07-01", time: "13:00", durationMinutes: "120", location: "Room 4", status: "scheduled" })), params);
    expect(moved.headers.get("Location")).toBe(`/programmes/leadership/cohorts/${id}?session=updated`);
    expect(await db().selectFrom("cohort_sessions").select(["title", "starts_at", "ends_at", "location", "status"]).where("id", "=", session.id).executeTakeFirstOrThrow()).toEqual({
      title: "Reflective supervision in practice", starts_at: "2027-07-01T12:00:00.000Z", ends_at: "2027-07-01T14:00:00.000Z", location: "Room 4", status: "scheduled",
    });
    await run(editRoute.action, await requestAs("ld", path, form({ title: "Reflective supervision in practice", date: "2027-07-01", time: "13:00", durationMinutes: "120", status: "cancelled" })), params);
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
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name, startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: String(capacity), requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "monthly", sessionCount: "8", sessionTime: "10:00", durationMinutes: "180" })));
    expect(created.status).toBe(302);
    return (await cohortNamed(name)).id;
  };

  it("reports every bad row of a file with its line and enrols nobody", async () => {
    const id = await createTestCohort("Bulk A", 3);
    const managers = await db().selectFrom("people").select("employee_number").where("role_category", "=", "team_manager").orderBy("id").limit(3).execute();
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
    const practitioner = await employeeOf(await personIdOf("practitioner"));
    const csv = ["employee_number,reason", ...managers.map((m) => m.employee_number), `${practitioner},Acting up`].join("\n");
    const outcome = await upload(id, csv);
    expect(outcome.data).toEqual({ kind: "done", enrolled: 2, waitlisted: 2 });
    const rows = await db().selectFrom("enrolments").select(["person_id", "status", "waitlist_position", "override_reason"]).where("cohort_id", "=", id).orderBy("id").execute();
    expect(rows.map((r) => [r.status, r.waitlist_position])).toEqual([["enrolled", null], ["enrolled", null], ["waitlisted", 1], ["waitlisted", 2]]);
    expect(rows[3].override_reason).toBe("Acting up");
    expect((await upload(id, csv)).status).toBe(400);
  });

  it("previews a filter, asks for a reason when some are not eligible, then enrols them all", async () => {
    const bulk = await import("../routes/cohorts.$cohortId.bulk");
    const id = await createTestCohort("Bulk C", 100);
    const north = await db().selectFrom("org_units").select("id").where("name", "=", "North").executeTakeFirstOrThrow();
    const path = `/programmes/leadership/cohorts/${id}/bulk`;
    const look = async (query: string) => ((await run(bulk.loader, await requestAs("ld", `${path}?preview=1&${query}`), { cohortId: String(id) })).data as { preview: { total: number; ineligible: number } }).preview;
    // Every North team manager already has a place or request on the programme.
    expect(await look(`role=team_manager&locality=${north.id}&without=yes`)).toMatchObject({ total: 0 });
    const shown = await look(`role=team_manager&locality=${north.id}`);
    expect(shown).toEqual({ total: 3, ineligible: 0, tooMany: false, people: expect.any(Array) });
    const done = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "team_manager", locality: String(north.id) })), { cohortId: String(id) });
    expect(done.data).toEqual({ kind: "done", enrolled: 3, waitlisted: 0 });
    const social = await run(bulk.action, await requestAs("ld", path, form({ intent: "filter", role: "social_worker", locality: String(north.id) })), { cohortId: String(id) });
    expect(social.data).toEqual({ kind: "error", error: "bulk.errors.filterReasonNeeded", field: "reason" });
  });
});

describe("reports", () => {
  it("reports a cohort's attendance per learner and per session, with taught hours and who can still complete", async () => {
    const report = await import("../routes/cohorts.$cohortId.report");
    const { id } = await cohortNamed("Cohort 1");
    const data = (await run(report.loader, await requestAs("ld", `/programmes/leadership/cohorts/${id}/report`), { cohortId: String(id) })).data as {
      enrolled: number;
      people: { attended: number; held: number; hours: string; onTrack: boolean }[];
      sessions: { held: boolean; present: number }[];
    };
    expect(data.enrolled).toBe(13);
    expect(data.people).toHaveLength(13);
    const held = data.sessions.filter((s) => s.held).length;
    expect(held).toBeGreaterThan(8);
    for (const p of data.people) {
      expect(p.held).toBe(held);
      expect(p.onTrack).toBe(p.attended + (16 - held) >= 14);
      expect(Number(p.hours)).toBeCloseTo((p.attended * 210) / 60, 1);
    }
    expect(data.sessions.filter((s) => s.held).reduce((sum, s) => sum + s.present, 0)).toBe(data.people.reduce((sum, p) => sum + p.attended, 0));
  });

  it("exports sessions with their dates, times and lengths, with formulas escaped", async () => {
    const sessionsCsv = await import("../routes/cohorts.$cohortId.report.sessions");
    const { id } = await cohortNamed("Cohort 1");
    const first = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", id).orderBy("sequence").executeTakeFirstOrThrow();
    await db().updateTable("cohort_sessions").set({ title: "=HYPERLINK(1)" }).where("id", "=", first.id).execute();
    const csv = await run(sessionsCsv.loader, await requestAs("ld", `/programmes/leadership/cohorts/${id}/report/sessions`), { cohortId: String(id) });
    const lines = (csv.data as string).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe("Session,Topic,Date,Start (UK time),End (UK time),Minutes,Going ahead,Present,Absent,Excused,Attendance");
    expect(lines).toHaveLength(17);
    expect(lines[1]).toMatch(/^1,'=HYPERLINK\(1\),\d{4}-\d{2}-\d{2},09:30,13:00,210,Yes,\d+,\d+,\d+,\d+%$/);
    const learners = await import("../routes/cohorts.$cohortId.report.learners");
    const people = await run(learners.loader, await requestAs("ld", `/programmes/leadership/cohorts/${id}/report/learners`), { cohortId: String(id) });
    expect((people.data as string).trim().split("\r\n")).toHaveLength(14);
  });

  it("shows take-up by locality and role", async () => {
    const uptake = await import("../routes/reports");
    const rows = ((await run(uptake.loader, await requestAs("ld", "/programmes/leadership/reports"))).data as { rows: { locality: string; role: string; placed: number }[] }).rows;
    expect(rows.find((r) => r.locality === "North" && r.role === "Team manager")?.placed).toBeGreaterThan(0);
    const exported = await import("../routes/reports.export");
    const csv = await run(exported.loader, await requestAs("ld", "/programmes/leadership/reports/export"));
    expect(csv.data as string).toContain("Locality or service,Role,With a place,Completed,Waiting,Asked");
  });
});

describe("importing attendance", () => {
  const upload = async (cohortId: number, csv: string) => {
    const body = new FormData();
    body.set("file", new File([csv], "attendance.csv", { type: "text/csv" }));
    const route = await import("../routes/cohorts.$cohortId.attendance");
    return run(route.action, await requestAs("ld", `/programmes/leadership/cohorts/${cohortId}/attendance`, { method: "POST", body }), { cohortId: String(cohortId) });
  };

  it("reports every bad row with its line and saves nothing, then saves a good file", async () => {
    const { id } = await cohortNamed("Cohort 1");
    const learner = await employeeOf(await personIdOf("manager"));
    const outsider = await employeeOf(await personIdOf("practitioner"));
    const before = await db().selectFrom("attendance").selectAll().orderBy("session_id").orderBy("enrolment_id").execute();
    const bad = await upload(id, ["employee_number,session,mark", `${learner},16,present`, `${outsider},1,present`, `${learner},99,present`, `${learner},2,late`, `${learner},16,absent`].join("\n"));
    expect((bad.data as { problems: { line: number; key: string }[] }).problems.map((p) => [p.line, p.key])).toEqual([
      [3, "attendanceImport.errors.notOnCohort"],
      [4, "attendanceImport.errors.session"],
      [5, "attendanceImport.errors.mark"],
      [6, "attendanceImport.errors.duplicate"],
    ]);
    expect(await db().selectFrom("attendance").selectAll().orderBy("session_id").orderBy("enrolment_id").execute()).toEqual(before);
    const good = await upload(id, ["employee_number,session,mark", `${learner},16,Present`, `${learner},15,excused`].join("\n"));
    expect(good.data).toEqual({ kind: "saved", saved: 2 });
    const marks = await db()
      .selectFrom("attendance as a")
      .innerJoin("cohort_sessions as s", "s.id", "a.session_id")
      .innerJoin("enrolments as e", "e.id", "a.enrolment_id")
      .select(["s.sequence", "a.status"])
      .where("e.person_id", "=", await personIdOf("manager"))
      .where("s.sequence", "in", [15, 16])
      .orderBy("s.sequence")
      .execute();
    expect(marks).toEqual([{ sequence: 15, status: "excused" }, { sequence: 16, status: "present" }]);
  });
});

describe("guided learning", () => {
  it("lets a learner log hours, says what is wrong with an entry, and counts only confirmed hours towards the target", async () => {
    const learning = await import("../routes/learning");
    const bad = await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: "2999-01-01", activity: "", hours: "30" })));
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({ occurredOn: ["learning.errors.future"], activity: ["learning.errors.activityRequired"], hours: ["learning.errors.hours"] });
    const before = (await run(learning.loader, await requestAs("manager", "/programmes/leadership/learning"))).data as { totals: { confirmed: string; waiting: string } };
    const today = new Date().toISOString().slice(0, 10);
    const good = await run(learning.action, await requestAs("manager", "/programmes/leadership/learning", form({ occurredOn: today, activity: "Reading: permanence planning", hours: "1.5" })));
    expect(good.status).toBe(200);
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
    const all = await run(confirm.action, await requestAs("ld", path, form({ intent: "all" })), params);
    expect(all.data).toEqual({ confirmed: waiting.length - 1 });
    const card = ((await run(me.loader, await requestAs("manager", "/me"))).data as { widgets: { id: string; rows?: { label: string; value: string }[] }[] }).widgets.find((w) => w.id === "leadership-learner");
    expect(card?.rows?.[3]).toMatchObject({ label: "Guided learning" });
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
    const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).execute();
    for (const s of sessions) {
      await db().insertInto("attendance").values({ session_id: s.id, enrolment_id: enrolment.id, status: "present", marked_by: null, marked_at: new Date().toISOString() }).onConflict((oc) => oc.columns(["session_id", "enrolment_id"]).doUpdateSet({ status: "present" })).execute();
    }
    // Forty confirmed hours of guided learning, a day at a time.
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
    const cpd = await db().selectFrom("cpd_entries").select(["source", "source_ref", "hours"]).where("person_id", "=", enrolment.person_id).execute();
    expect(cpd).toHaveLength(1);
    expect(cpd[0]).toMatchObject({ source: "leadership", source_ref: `enrolment:${enrolment.id}` });
    expect(cpd[0].hours).toBeGreaterThan(40 + 16 * 3);
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
    const booked = await run(teamRoute.action, await requestAs("manager", "/programmes/leadership/team", form({ employee: supervisor!.employee_number, cohort: String(fresh) })));
    expect(booked.data).toEqual({ ok: true, status: "waitlisted" });
    const audit = await db().selectFrom("audit_events").select("action").where("action", "=", "enrolment.booked_by_manager").execute();
    expect(audit).toHaveLength(1);
  });
});

describe("programme rules as data", () => {
  it("lets L&D change the sessions needed, the guided-hours target, the topics and the units, with errors for bad values", async () => {
    const settings = await import("../routes/settings");
    const bad = await run(settings.action, await requestAs("ld", "/programmes/leadership/settings", form({ requiredSessions: "0", guidedHoursTarget: "lots", topics: "" })));
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({ requiredSessions: ["settings.errors.requiredSessions"], guidedHoursTarget: ["settings.errors.guidedHoursTarget"], topics: ["settings.errors.topics"] });
    const units = (await db().selectFrom("leadership_units" as never).select(["id" as never]).orderBy("id" as never).execute()) as { id: number }[];
    const saved = await run(settings.action, await requestAs("ld", "/programmes/leadership/settings", form({ requiredSessions: "12", guidedHoursTarget: "30", topics: "First topic\r\nSecond topic\n\n", [`unit-${units[0].id}`]: "Leading people well", newUnit: "Reflective practice portfolio" })));
    expect(saved.status).toBe(200);
    const page = (await run(settings.loader, await requestAs("ld", "/programmes/leadership/settings"))).data as { current: { requiredSessions: string; guidedHoursTarget: string; topics: string }; units: { title: string }[] };
    expect(page.current).toEqual({ requiredSessions: "12", guidedHoursTarget: "30", topics: "First topic\nSecond topic" });
    expect(page.units.map((u) => u.title)[0]).toBe("Leading people well");
    expect(page.units.map((u) => u.title)).toContain("Reflective practice portfolio");
    const learning = await import("../routes/learning");
    const manager = (await run(learning.loader, await requestAs("manager", "/programmes/leadership/learning"))).data as { totals: { target: number } };
    expect(manager.totals.target).toBe(30);
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name: "Rules test", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "10", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "monthly", sessionCount: "3", sessionTime: "10:00", durationMinutes: "60" })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("Rules test");
    expect((await db().selectFrom("cohort_sessions").select("title").where("cohort_id", "=", id).orderBy("sequence").execute()).map((s) => s.title)).toEqual(["First topic", "Second topic", "Session 3"]);
    const changes = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "setting.changed").execute();
    expect(changes.map((c) => c.subject_id).sort()).toEqual(["leadership.guidedHoursTarget", "leadership.requiredSessions", "leadership.topics"]);
  });
});
