// Every change this programme makes is written in one transaction with its audit event: while the audit
// log refuses every insert (on either engine), each service fails and stores nothing. One test per
// service file, through the real actions on a migrated, seeded database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as editBriefing from "../routes/briefings.$briefingId.edit";
import * as newSession from "../routes/briefings.sessions.new";
import * as newRollout from "../routes/rollouts.new";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import { auditById } from "../server/audits/audits.server";
import { raiseAction } from "../server/audits/learning-actions.server";
import { auditDb } from "../server/audits/db.server";
import { pdDb } from "../server/db.server";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";

const BASE = "/programmes/practice-development";
const countOf = async (table: "practice_development_rollouts" | "practice_development_cohorts" | "cohorts" | "practice_development_audits" | "practice_development_audit_actions") =>
  Number((await auditDb().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);

let team: number;

beforeAll(async () => {
  await seedDemo();
  team = (await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").executeTakeFirstOrThrow()).id;
});

async function createAudit() {
  const outcome = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Audit log down", heldOn: inDays(-1), summary: "Sampled records.", teams: [String(team)] })));
  expect(outcome.status).toBe(302);
  return idFrom(outcome.headers.get("Location"));
}

async function addFinding(audit: number) {
  const outcome = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Recording", pcf: "knowledge" })), { auditId: String(audit) });
  expect(outcome.status).toBe(302);
  return (await auditDb().selectFrom("practice_development_audit_findings").select("id").where("audit_id", "=", audit).orderBy("id", "desc").executeTakeFirstOrThrow()).id;
}

describe("a change is not stored when its audit event cannot be written", () => {
  it("briefings: a new version, and a confirmation with its CPD entry", async () => {
    const briefing = await createBriefing();
    const params = { briefingId: String(briefing) };
    const edit = await requestAs("ld", `${BASE}/briefings/${briefing}/edit`, post({ title: "Test briefing", summary: "Changed", linkUrl: "https://intranet.example.org/b", delivery: "read", newVersion: "yes", shownVersion: "1", shownRevision: "1" }));
    expect(await failsWhileAuditFails(() => run(editBriefing.action, edit, params))).toBe(true);
    expect(await pdDb().selectFrom("practice_development_briefings").select(["version", "summary"]).where("id", "=", briefing).executeTakeFirstOrThrow()).toEqual({ version: 1, summary: "What to know" });
    expect(await pdDb().selectFrom("practice_development_briefing_versions").select("version").where("briefing_id", "=", briefing).execute()).toEqual([{ version: 1 }]);

    const confirm = await requestAs("practitioner", `${BASE}/briefings/${briefing}`, post({ intent: "confirm", version: "1" }));
    expect(await failsWhileAuditFails(() => run(briefingPage.action, confirm, params))).toBe(true);
    expect(await pdDb().selectFrom("practice_development_confirmations").select("id").where("briefing_id", "=", briefing).execute()).toEqual([]);
    const cpd = await db().selectFrom("cpd_entries").select("id").where("person_id", "=", await personIdOf("practitioner")).where("source_ref", "=", `briefing:${briefing}:v1`).execute();
    expect(cpd).toEqual([]);
  });

  it("rollouts: a new rollout", async () => {
    const briefing = await createBriefing();
    const before = await countOf("practice_development_rollouts");
    const request = await requestAs("ld", `${BASE}/rollouts/new`, post({ briefing: String(briefing), dueOn: inDays(60), targetPercent: "80" }));
    expect(await failsWhileAuditFails(() => run(newRollout.action, request))).toBe(true);
    expect(await countOf("practice_development_rollouts")).toBe(before);
  });

  it("rollouts: closing a rollout, and reopening it", async () => {
    const created = await run(newRollout.action, await requestAs("ld", `${BASE}/rollouts/new`, post({ briefing: String(await createBriefing()), dueOn: inDays(60), targetPercent: "80" })));
    const rollout = idFrom(created.headers.get("Location"));
    const params = { rolloutId: String(rollout) };
    const closedAt = async () => (await pdDb().selectFrom("practice_development_rollouts").select("closed_at").where("id", "=", rollout).executeTakeFirstOrThrow()).closed_at;
    const intent = async (value: string) => requestAs("ld", `${BASE}/rollouts/${rollout}`, post({ intent: value }));
    expect(await failsWhileAuditFails(async () => run(rolloutPage.action, await intent("close"), params))).toBe(true);
    expect(await closedAt()).toBeNull();
    expect((await run(rolloutPage.action, await intent("close"), params)).status).toBe(302);
    const closed = await closedAt();
    expect(closed).not.toBeNull();
    expect(await failsWhileAuditFails(async () => run(rolloutPage.action, await intent("reopen"), params))).toBe(true);
    expect(await closedAt()).toBe(closed);
  });

  it("sessions: a new session cohort, its dates and what it is for", async () => {
    const before = [await countOf("cohorts"), await countOf("practice_development_cohorts")];
    const request = await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ kind: "sos_intro", name: "Audit log down", firstDate: inDays(20), time: "09:30", durationMinutes: "120", days: "2", capacity: "10" }));
    expect(await failsWhileAuditFails(() => run(newSession.action, request))).toBe(true);
    expect([await countOf("cohorts"), await countOf("practice_development_cohorts")]).toEqual(before);
    expect(await db().selectFrom("cohorts").select("id").where("name", "=", "Audit log down").execute()).toEqual([]);
  });

  it("audits: a new audit, a learning action with the new rollout it raises, and closing an action", async () => {
    const audits = await countOf("practice_development_audits");
    const newOne = await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Never stored", heldOn: inDays(-1), summary: "S", teams: [String(team)] }));
    expect(await failsWhileAuditFails(() => run(newAudit.action, newOne))).toBe(true);
    expect(await countOf("practice_development_audits")).toBe(audits);

    const audit = await createAudit();
    const finding = await addFinding(audit);
    const params = { auditId: String(audit), findingId: String(finding) };
    const [actions, rollouts] = [await countOf("practice_development_audit_actions"), await countOf("practice_development_rollouts")];
    const raise = await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`, post({ intent: "raise", kind: "rollout", rollout: "new", briefing: String(await createBriefing()), dueOn: inDays(30) }));
    expect(await failsWhileAuditFails(() => run(findingPage.action, raise, params))).toBe(true);
    expect([await countOf("practice_development_audit_actions"), await countOf("practice_development_rollouts")]).toEqual([actions, rollouts]);

    const raised = await run(findingPage.action, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`, post({ intent: "raise", kind: "rollout", rollout: "new", briefing: String(await createBriefing()), dueOn: inDays(30) })), params);
    expect(raised.status).toBe(302);
    const action = await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", finding).executeTakeFirstOrThrow();
    const close = await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`, post({ intent: "close", action: String(action.id), note: "Done" }));
    expect(await failsWhileAuditFails(() => run(findingPage.action, close, params))).toBe(true);
    expect(await auditDb().selectFrom("practice_development_audit_actions").select(["status", "closed_note"]).where("id", "=", action.id).executeTakeFirstOrThrow()).toEqual({ status: "open", closed_note: null });
  });

  it("audits: a new rollout raised for a learning action is not kept when the action cannot be stored", async () => {
    const audit = (await auditById(await createAudit()))!;
    const rollouts = await countOf("practice_development_rollouts");
    const actor = { userId: null, personId: await personIdOf("ld") };
    // A finding that is not there (removed meanwhile, say): the action's row breaks its foreign key.
    const missingFinding = { id: 999_999, team_id: null };
    await expect(raiseAction(audit, missingFinding, { kind: "rollout", rollout: "new", briefing: await createBriefing(), dueOn: inDays(30), teams: [] }, actor, "en-GB")).rejects.toThrow();
    expect(await countOf("practice_development_rollouts")).toBe(rollouts);
  });
});
