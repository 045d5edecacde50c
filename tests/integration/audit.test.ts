import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as audit from "../../app/routes/admin.audit";
import * as plugins from "../../app/routes/admin.plugins";
import * as dismissAction from "../../app/routes/me.notices.$noticeId";
import { recordAudit } from "../../app/services/audit.server";
import { updateSession } from "../../app/services/cohorts.server";
import { addNotice } from "../../app/services/notices.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { utcToLondon } from "../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../support/fixtures";
import { failsWhileAuditFails } from "../support/failing-audit";
import { run } from "../support/route";

interface AuditData {
  title: string;
  events: { action: string; person: string; actor: string }[];
  total: number;
  errors: { field: string; key: string }[];
}

const page = async (query: string) => (await run(audit.loader, await requestAs("admin", `/admin/audit${query}`))).data as AuditData;
const employeeNumber = async (account: "practitioner" | "ld") =>
  (await db().selectFrom("people").select("employee_number").where("id", "=", await personIdOf(account)).executeTakeFirstOrThrow()).employee_number;

beforeAll(async () => {
  await seedDemo();
  const practitioner = await personIdOf("practitioner");
  await recordAudit({ userId: await userIdOf("ld"), personId: await personIdOf("ld") }, { action: "test.about_practitioner", subjectType: "person", subjectId: practitioner, personId: practitioner });
});

describe("/admin/audit", () => {
  it("filters by the person an event is about and by who did it, using employee numbers", async () => {
    const about = await page(`?person=${await employeeNumber("practitioner")}`);
    expect(about.events.map((e) => e.action)).toEqual(["test.about_practitioner"]);
    expect(about.events[0].person).toBe("Alex Morgan");
    expect(about.events[0].actor).toBe("Rhian Davies");
    const by = await page(`?actor=${(await employeeNumber("ld")).toLowerCase()}`);
    expect(by.events.map((e) => e.action)).toEqual(["test.about_practitioner"]);
  });

  it("filters by London's days, as it shows its times", async () => {
    const at = (occurred_at: string, action: string) => ({ occurred_at, action, subject_type: "test", subject_id: action });
    await db().insertInto("audit_events").values([at("2026-06-30T23:30:00.000Z", "test.summer_half_past_midnight"), at("2026-12-01T23:30:00.000Z", "test.winter_half_past_eleven")]).execute();
    const actions = async (query: string) => (await page(query)).events.map((e) => e.action).filter((a) => a.startsWith("test.s") || a.startsWith("test.w"));
    expect(await actions("?from=2026-07-01&to=2026-07-01")).toEqual(["test.summer_half_past_midnight"]);
    expect(await actions("?from=2026-06-30&to=2026-06-30")).toEqual([]);
    expect(await actions("?from=2026-12-01&to=2026-12-01")).toEqual(["test.winter_half_past_eleven"]);
    expect(await actions("?from=2026-12-02&to=2026-12-02")).toEqual([]);
  });

  it("counts the events without reading the people they name, which only the page's rows need", async () => {
    const statements: string[] = [];
    const stop = observeQueries((text) => statements.push(text));
    let shown: AuditData;
    try {
      shown = await page(`?person=${await employeeNumber("practitioner")}`);
    } finally {
      stop();
    }
    expect(shown.total).toBeGreaterThan(0);
    const counts = statements.filter((s) => /count\(\*\)/i.test(s) && /from "audit_events"/i.test(s));
    expect(counts).toHaveLength(1);
    expect(counts[0]).not.toMatch(/join "people"/i);
    expect(statements.some((s) => /from "audit_events"/i.test(s) && /join "people"/i.test(s) && /limit/i.test(s))).toBe(true);
  });

  it("filters by date", async () => {
    const today = utcToLondon(new Date().toISOString()).date;
    expect((await page(`?from=${today}&to=${today}`)).total).toBeGreaterThan(0);
    expect((await page("?from=2000-01-01&to=2000-12-31")).total).toBe(0);
  });

  it("says what is wrong with a filter it cannot use, and shows nothing", async () => {
    const data = await page("?person=NOBODY&from=2026-02-30&to=2020-01-01");
    expect(data.errors).toEqual([
      { field: "person", key: "audit.unknownPerson" },
      { field: "from", key: "audit.invalidDate" },
    ]);
    expect(data.events).toEqual([]);
    // Its title says so first, as a refused form's does.
    expect(data.title).toBe("Error: Audit trail");
    expect((await page("?from=2026-05-01&to=2026-04-01")).errors).toEqual([{ field: "to", key: "audit.toBeforeFrom" }]);
    expect((await page("")).title).toBe("Audit trail");
  });

  it("is append-only: the database refuses to change or delete an event", async () => {
    await expect(sql`update audit_events set action = 'tampered'`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db())).rejects.toThrow(/append-only/);
  });

  it("refuses to switch a plugin that is not installed, and records nothing", async () => {
    const form = new URLSearchParams({ plugin: "not-installed", enabled: "0" });
    const outcome = await run(plugins.action, await requestAs("admin", "/admin/plugins", { method: "POST", body: form }));
    expect(outcome.status).toBe(400);
    expect(outcome.data).toEqual({ ok: false, error: "plugins.unknown" });
    expect((await page("?person=")).events.some((e) => e.action.startsWith("programme."))).toBe(false);
  });
});

describe("a change whose audit event cannot be written", () => {
  it("is not kept: a programme switched, a session changed, a notice dismissed", async () => {
    const admin = { userId: await userIdOf("admin"), personId: await personIdOf("admin") };
    const practitioner = await personIdOf("practitioner");
    // A programme switched off through /admin/plugins stays on.
    const switchOff = async () => {
      const body = new FormData();
      body.set("plugin", "naas");
      body.set("enabled", "0");
      const outcome = await run(plugins.action, await requestAs("admin", "/admin/plugins", { method: "POST", body }));
      if (outcome.status >= 500) throw new Error(`answered ${outcome.status}`);
    };
    expect(await failsWhileAuditFails(switchOff)).toBe(true);
    expect((await db().selectFrom("programmes").select("enabled").where("id", "=", "naas").executeTakeFirstOrThrow()).enabled).toBe(1);
    // A session retitled keeps its title.
    const session = await db().selectFrom("cohort_sessions").selectAll().orderBy("id").limit(1).executeTakeFirstOrThrow();
    const retitle = () => updateSession(session.id, { title: "Retitled while the audit is down", startsAt: session.starts_at, endsAt: session.ends_at, location: session.location, status: session.status }, admin);
    expect(await failsWhileAuditFails(retitle)).toBe(true);
    expect((await db().selectFrom("cohort_sessions").select("title").where("id", "=", session.id).executeTakeFirstOrThrow()).title).toBe(session.title);
    // A notice dismissed from /me is still shown.
    await addNotice({ personId: practitioner, source: "common", messageKey: "notices.promoted", values: { cohort: "Audit down" } });
    const notice = await db().selectFrom("notices").select("id").where("person_id", "=", practitioner).orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
    const dismiss = async () => run(dismissAction.action, await requestAs("practitioner", `/me/notices/${notice.id}`, { method: "POST" }), { noticeId: String(notice.id) });
    expect(await failsWhileAuditFails(dismiss)).toBe(true);
    expect((await db().selectFrom("notices").select("dismissed_at").where("id", "=", notice.id).executeTakeFirstOrThrow()).dismissed_at).toBeNull();
    // With the audit back, each is kept with its event.
    expect((await run(dismissAction.action, await requestAs("practitioner", `/me/notices/${notice.id}`, { method: "POST" }), { noticeId: String(notice.id) })).status).toBe(302);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "notice.dismissed").where("subject_id", "=", String(notice.id)).execute()).toHaveLength(1);
  });
});
