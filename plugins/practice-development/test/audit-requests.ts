// What the audit tests share: the demo seeded with two teams for a sample and one outside it, an audit,
// a finding and a learning action made through the real actions, and the finding's page as L&D read it.
import { expect } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import { auditDb } from "../server/audits/db.server";

export const BASE = "/programmes/practice-development";
export const post = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return { method: "POST", body };
};
export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const idFrom = (location: string | null) => Number(/\/(\d+)(\?|#|$)/.exec(location?.split("?")[0] ?? "")?.[1]);
export type Errors = { errors: Record<string, string> };

// Set by seedWithSampleTeams: the teams a new audit samples unless told otherwise.
const sample = { teamA: 0, teamB: 0 };

/** Seeds the demo; the first two teams make an audit's sample, the last is outside it. */
export async function seedWithSampleTeams() {
  await seedDemo();
  const teams = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").execute();
  Object.assign(sample, { teamA: teams[0].id, teamB: teams[1].id });
  return { teamA: teams[0].id, teamB: teams[1].id, teamOutside: teams[teams.length - 1].id };
}

export async function createAudit(fields: Record<string, string | string[]> = {}) {
  const outcome = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Test audit", heldOn: inDays(-1), summary: "Sampled twelve records.", teams: [String(sample.teamA), String(sample.teamB)], ...fields })));
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return idFrom(outcome.headers.get("Location"));
}

export async function addFinding(audit: number, fields: Record<string, string | string[]> = {}) {
  const outcome = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "requires_improvement", practiceArea: "Recording of decisions", pcf: "critical_reflection", ...fields })), { auditId: String(audit) });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return (await auditDb().selectFrom("practice_development_audit_findings").select("id").where("audit_id", "=", audit).orderBy("id", "desc").executeTakeFirstOrThrow()).id;
}

export const findingRequest = (audit: number, finding: number, fields: Record<string, string | string[]>, who: DemoAccount = "ld") => requestAs(who, `${BASE}/audits/${audit}/findings/${finding}`, post(fields));
export async function raise(audit: number, finding: number, fields: Record<string, string | string[]>) {
  const outcome = await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", dueOn: inDays(30), ...fields }), { auditId: String(audit), findingId: String(finding) });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return (await auditDb().selectFrom("practice_development_audit_actions").selectAll().where("finding_id", "=", finding).orderBy("id", "desc").executeTakeFirstOrThrow());
}

type FindingData = { actions: { id: number; kind: string; status: string; course_title: string | null; closedBy: string | null; closed_note: string | null; overdue: boolean; teams: string[] }[]; courses: unknown[] };
export const findingData = async (audit: number, finding: number) => {
  const outcome = await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), { auditId: String(audit), findingId: String(finding) });
  expect(outcome.status).toBe(200);
  return outcome.data as FindingData;
};
