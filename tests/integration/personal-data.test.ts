// The subject access export: a zip of JSON and CSV files holding everything on one person, from the core
// and every enabled plugin, and nothing on anyone else; each download audited.
import { beforeAll, describe, expect, it } from "vitest";
import * as exportMine from "../../app/routes/me.export";
import * as exportPerson from "../../app/routes/team.$personId.export";
import { enabledPlugins } from "../../app/plugins.server";
import { recordAudit } from "../../app/services/audit.server";
import { addNotice, dismissNotice } from "../../app/services/notices.server";
import { formatDate } from "../../app/utils/dates";
import { accountThrottleKey, FREE_ATTEMPTS, signIn } from "../../app/services/sign-in.server";
import { db } from "../../app/utils/db.server";
import { DEMO_EMAILS, personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { downloadPersonalData } from "../support/personal-data-download";
import { run } from "../support/route";

beforeAll(seedDemo);

describe("downloading your own data", () => {
  it("gives a zip with a README, the whole record as JSON and each list as a CSV file", async () => {
    const practitioner = await personIdOf("practitioner");
    const person = await db().selectFrom("people").selectAll().where("id", "=", practitioner).executeTakeFirstOrThrow();
    const { outcome, files } = await downloadPersonalData("practitioner", "/me/export");
    expect(outcome.headers.get("Content-Disposition")).toBe(`attachment; filename="pathways-personal-data-${person.employee_number}.zip"`);
    expect(files["README.txt"]).toContain(person.employee_number);
    const document = JSON.parse(files["personal-data.json"]);
    expect(document.person.id).toBe(practitioner);
    expect(files["csv/person.csv"]).toContain(person.email);
    expect(files["csv/cpd-entries.csv"].split("\r\n")[0]).toContain("occurred_on");
  });

  it("holds every enabled plugin's records for the person, as JSON and as CSV", async () => {
    const { files } = await downloadPersonalData("practitioner", "/me/export");
    const document = JSON.parse(files["personal-data.json"]);
    const plugins = await enabledPlugins();
    expect(plugins.length).toBeGreaterThan(3);
    for (const plugin of plugins.filter((p) => p.personalData)) {
      const groups = document.programmes[plugin.id] as Record<string, unknown[]>;
      expect(groups, plugin.id).toBeDefined();
      for (const group of Object.keys(groups)) {
        const csvName = Object.keys(files).find((name) => name.startsWith(`csv/programmes/${plugin.id}/`) && name.endsWith(".csv") && name.includes(group.replace(/([a-z])([A-Z])/g, "$1-$2").toLowerCase().replace(/[^a-z0-9]+/g, "-")));
        expect(csvName, `${plugin.id}.${group}`).toBeDefined();
      }
    }
  });

  it("holds nobody else's name, email or employee number", async () => {
    const practitioner = await personIdOf("practitioner");
    const { files } = await downloadPersonalData("practitioner", "/me/export");
    const everything = Object.values(files).join("\n");
    const others = await db().selectFrom("people").select(["id", "email", "employee_number"]).where("id", "<>", practitioner).execute();
    expect(others.length).toBeGreaterThan(100);
    const leaked = others.filter((o) => everything.includes(o.email) || new RegExp(`\\b${o.employee_number}\\b`).test(everything));
    expect(leaked).toEqual([]);
  });

  it("says what the person did to someone else's record, without that person's data", async () => {
    const manager = await personIdOf("manager");
    const practitioner = await personIdOf("practitioner");
    const report = await db().selectFrom("people").select(["email", "employee_number"]).where("id", "=", practitioner).executeTakeFirstOrThrow();
    await recordAudit({ userId: null, personId: manager }, { action: "test.note_about_report", subjectType: "person", subjectId: practitioner, personId: practitioner, after: { email: report.email, note: "Leave for a health reason" } });
    await recordAudit({ userId: null, personId: manager }, { action: "test.own_setting", subjectType: "setting", subjectId: "own", personId: manager, after: { note: "Own change" } });
    const { files } = await downloadPersonalData("manager", "/me/export");
    const made = JSON.parse(files["personal-data.json"]).auditEventsByPerson as { action: string; after_json?: string; person_id?: number }[];
    // An event about someone else is in a file of its own, a line of what was done and to which record.
    expect(made.find((e) => e.action === "test.note_about_report")).toBeUndefined();
    const aboutOthers = files["csv/audit-events-by-person-about-others.csv"].replace(/^\uFEFF/, "").split("\r\n");
    expect(aboutOthers[0]).toBe("id,occurred_at,action,subject_type,subject_id");
    expect(aboutOthers.find((line) => line.includes("test.note_about_report"))).toMatch(new RegExp(`^\\d+,[^,]+,test\\.note_about_report,person,${practitioner}$`));
    expect(made.find((e) => e.action === "test.own_setting")?.after_json).toContain("Own change");
    const everything = Object.values(files).join("\n");
    expect(everything).not.toContain(report.email);
    expect(everything).not.toContain("Leave for a health reason");
  });

  it("escapes anything a spreadsheet would run as a formula", async () => {
    const practitioner = await personIdOf("practitioner");
    await db().updateTable("people").set({ job_title: "=HYPERLINK(\"http://x\")" }).where("id", "=", practitioner).execute();
    try {
      const { files } = await downloadPersonalData("practitioner", "/me/export");
      expect(files["csv/person.csv"]).toContain("\"'=HYPERLINK(\"\"http://x\"\")\"");
    } finally {
      await db().updateTable("people").set({ job_title: "Social Worker" }).where("id", "=", practitioner).execute();
    }
  });

  it("records each download in the audit log", async () => {
    const practitioner = await personIdOf("practitioner");
    const count = async () => (await db().selectFrom("audit_events").select("id").where("action", "=", "personal_data.exported").where("person_id", "=", practitioner).execute()).length;
    const before = await count();
    await downloadPersonalData("practitioner", "/me/export");
    expect(await count()).toBe(before + 1);
  });

  it("holds every notice the person was sent, dismissed or not, in words in their language, with the values as written", async () => {
    const practitioner = await personIdOf("practitioner");
    await addNotice({ personId: practitioner, source: "common", messageKey: "notices.promoted", values: { cohort: "Leading <people> & change" } });
    const [shown] = await db().selectFrom("notices").select("id").where("person_id", "=", practitioner).orderBy("id", "desc").limit(1).execute();
    expect(await dismissNotice(practitioner, shown.id, { userId: null, personId: practitioner })).toBe(true);
    const { files } = await downloadPersonalData("practitioner", "/me/export?lng=cy");
    const notices = JSON.parse(files["personal-data.json"]).notices as { id: number; message: string; dismissed_at: string | null }[];
    const sent = await db().selectFrom("notices").select("id").where("person_id", "=", practitioner).execute();
    expect(notices.map((n) => n.id).sort()).toEqual(sent.map((n) => n.id).sort());
    expect(notices.find((n) => n.id === shown.id)).toMatchObject({ message: "Daeth lle yn rhydd ac mae'n eiddo i chi: rydych bellach wedi cofrestru ar Leading <people> & change.", dismissed_at: expect.any(String) });
    expect(files["csv/notices.csv"]).toContain("Leading <people> & change");
  });

  it("words a date in a notice as the home page does, not as it is stored", async () => {
    const practitioner = await personIdOf("practitioner");
    await addNotice({ personId: practitioner, source: "asye", messageKey: "notices.started", values: { date: "2026-09-01" } });
    const { files } = await downloadPersonalData("practitioner", "/me/export");
    const notices = JSON.parse(files["personal-data.json"]).notices as { message: string }[];
    expect(notices.map((n) => n.message)).toContain(`Your ASYE year has started on ${formatDate("2026-09-01", "en-GB")}.`);
    expect(files["csv/notices.csv"]).not.toContain("2026-09-01.");
  });

  it("holds when each sign-in session ends (never its id), the failures counted against the account, and sign-ins refused while it was held back", async () => {
    const practitioner = await personIdOf("practitioner");
    const email = DEMO_EMAILS.practitioner;
    // Each attempt from its own address, so only the account is held back.
    for (let i = 0; i <= FREE_ATTEMPTS; i += 1) await signIn(email, "wrong-password", `203.0.113.${i + 1}`);
    try {
      const { files } = await downloadPersonalData("practitioner", "/me/export");
      const document = JSON.parse(files["personal-data.json"]);
      const sessions = await db().selectFrom("auth_sessions").innerJoin("users", "users.id", "auth_sessions.user_id").select(["auth_sessions.id", "auth_sessions.expires_at"]).where("users.person_id", "=", practitioner).execute();
      expect(sessions.length).toBeGreaterThan(0);
      expect(document.signInSessions).toEqual(sessions.map((s) => ({ expires_at: s.expires_at })).sort((a, b) => a.expires_at.localeCompare(b.expires_at)));
      const everything = Object.values(files).join("\n");
      expect(sessions.filter((s) => everything.includes(s.id))).toEqual([]);
      expect(document.signInThrottling).toEqual([{ failures: FREE_ATTEMPTS, last_failed_at: expect.any(String), blocked_until: expect.any(String) }]);
      const refused = (document.auditEventsAboutPerson as { action: string; subject_id: string }[]).filter((e) => e.action === "auth.sign_in_throttled");
      expect(refused).toEqual([expect.objectContaining({ subject_id: email })]);
      expect(files["csv/sign-in-sessions.csv"]).toContain("expires_at");
      expect(files["csv/sign-in-throttling.csv"]).toContain("blocked_until");
    } finally {
      await db().deleteFrom("login_attempts").where((eb) => eb.or([eb("key", "=", accountThrottleKey(email)), eb("key", "like", "address:203.0.113.%")])).execute();
    }
  });

  it("is a POST: a GET changes nothing and answers 405", async () => {
    const outcome = await run(exportMine.loader as never, await requestAs("practitioner", "/me/export"));
    expect(outcome.status).toBe(405);
  });
});

describe("answering a subject access request", () => {
  it("lets an admin download anyone's data, audited against the admin", async () => {
    const asye = await personIdOf("asye");
    const admin = await personIdOf("admin");
    const { files } = await downloadPersonalData("admin", `/team/${asye}/export`, exportPerson.action, { personId: String(asye) });
    expect(JSON.parse(files["personal-data.json"]).person.id).toBe(asye);
    const last = await db().selectFrom("audit_events").selectAll().where("action", "=", "personal_data.exported").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(last).toMatchObject({ person_id: asye, actor_person_id: admin });
  });

  it("refuses a manager, even for their own report", async () => {
    const asye = await personIdOf("asye");
    const outcome = await run(exportPerson.action, await requestAs("manager", `/team/${asye}/export`, { method: "POST" }), { personId: String(asye) });
    expect(outcome.status).toBe(403);
  });
});
