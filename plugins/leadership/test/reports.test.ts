// Level 5 reports, attendance imports and the programme's rules as data.
import { beforeAll, describe, expect, it } from "vitest";
import * as newCohort from "../routes/cohorts.new";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { cohortNamed, employeeOf, form, holdEverySession } from "./support";

beforeAll(seedDemo);

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

  it("counts only the learners holding a place, and a learner's sessions attended only among those held", async () => {
    const report = await import("../routes/cohorts.$cohortId.report");
    const { id } = await cohortNamed("Cohort 1");
    type Report = { enrolled: number; people: { attended: number; held: number }[]; sessions: { id: number; held: boolean; present: number; rate: string }[] };
    const read = async () => (await run(report.loader, await requestAs("ld", `/programmes/leadership/cohorts/${id}/report`), { cohortId: String(id) })).data as Report;
    const leaver = await db().selectFrom("enrolments as e").innerJoin("attendance as a", "a.enrolment_id", "e.id").select("e.id").where("e.cohort_id", "=", id).where("e.status", "=", "enrolled").where("a.status", "=", "present").executeTakeFirstOrThrow();
    const upcoming = (await read()).sessions.find((s) => !s.held)!;
    await db().updateTable("enrolments").set({ status: "withdrawn" }).where("id", "=", leaver.id).execute();
    const stayer = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", id).where("status", "=", "enrolled").executeTakeFirstOrThrow();
    // A mark on a session not yet held (an imported register, say) is not a session attended yet.
    await db().insertInto("attendance").values({ session_id: upcoming.id, enrolment_id: stayer.id, status: "present", marked_by: null, marked_at: new Date().toISOString() }).execute();
    try {
      const data = await read();
      expect(data.enrolled).toBe(12);
      const percents = data.sessions.filter((s) => s.held).map((s) => Number(s.rate.replace("%", "")));
      expect(percents.length).toBeGreaterThan(0);
      expect(percents.filter((rate) => !(rate <= 100))).toEqual([]);
      expect(data.sessions.filter((s) => s.held).reduce((sum, s) => sum + s.present, 0)).toBe(data.people.reduce((sum, p) => sum + p.attended, 0));
      for (const p of data.people) expect(p.attended).toBeLessThanOrEqual(p.held);
    } finally {
      await db().deleteFrom("attendance").where("session_id", "=", upcoming.id).where("enrolment_id", "=", stayer.id).execute();
      await db().updateTable("enrolments").set({ status: "enrolled" }).where("id", "=", leaver.id).execute();
    }
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
    // Only a session held keeps a register: sessions 15 and 16 are held too.
    await holdEverySession(id);
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

describe("programme rules as data", () => {
  it("lets L&D change the sessions needed, the self-study target, the topics and the units, with errors for bad values", async () => {
    const settings = await import("../routes/settings");
    const bad = await run(settings.action, await requestAs("ld", "/programmes/leadership/settings", form({ requiredSessions: "0", guidedHoursTarget: "lots", topics: "" })));
    expect((bad.data as { error: Record<string, string[]> }).error).toMatchObject({ requiredSessions: ["settings.errors.requiredSessions"], guidedHoursTarget: ["settings.errors.guidedHoursTarget"], topics: ["settings.errors.topics"] });
    const units = (await db().selectFrom("leadership_units" as never).select(["id" as never]).orderBy("id" as never).execute()) as { id: number }[];
    const saved = await run(settings.action, await requestAs("ld", "/programmes/leadership/settings", form({ requiredSessions: "2", guidedHoursTarget: "30", topics: "First topic\r\nSecond topic\n\n", supervisorStatements: "kss-supervisor:4\nkss-supervisor:7", [`unit-${units[0].id}`]: "Leading people well", newUnit: "Reflective practice portfolio" })));
    expect(saved.status).toBe(303);
    const page = (await run(settings.loader, await requestAs("ld", "/programmes/leadership/settings"))).data as { current: { requiredSessions: string; guidedHoursTarget: string; topics: string; supervisorStatements: string }; units: { title: string }[] };
    expect(page.current).toEqual({ requiredSessions: "2", guidedHoursTarget: "30", topics: "First topic\nSecond topic", supervisorStatements: "kss-supervisor:4\nkss-supervisor:7" });
    expect(page.units.map((u) => u.title)[0]).toBe("Leading people well");
    expect(page.units.map((u) => u.title)).toContain("Reflective practice portfolio");
    const learning = await import("../routes/learning");
    const manager = (await run(learning.loader, await requestAs("manager", "/programmes/leadership/learning"))).data as { totals: { target: number } };
    expect(manager.totals.target).toBe(30);
    const created = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ name: "Rules test", startsOn: "2028-01-10", endsOn: "2028-09-30", capacity: "10", requiresManagerApproval: "no", firstSession: "2028-01-10", cadence: "monthly", sessionCount: "2", sessionTime: "10:00", durationMinutes: "60" })));
    expect(created.status).toBe(302);
    const { id } = await cohortNamed("Rules test");
    // One session a topic: a cohort with more sessions than topics is refused (see refused-forms.test.ts).
    expect((await db().selectFrom("cohort_sessions").select("title").where("cohort_id", "=", id).orderBy("sequence").execute()).map((s) => s.title)).toEqual(["First topic", "Second topic"]);
    const changes = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "setting.changed").execute();
    // The statements were the default until now, so saving them stores them, audited like the rest.
    expect(changes.map((c) => c.subject_id).sort()).toEqual(["leadership.guidedHoursTarget", "leadership.requiredSessions", "leadership.supervisorStatements", "leadership.topics"]);
  });
});
