// A new rollout, a new audit, a finding and a learning action: the form shown again after its "Show teams"
// step or a refusal carries the one-time token it was drawn with (still unclaimed, nothing being saved),
// as the briefing forms do, so it stays one form however many steps it takes: a copy sent from before the
// step or refusal (after Back, say) and the one sent after it save once between them. Before, the page was
// drawn again with a new token, and the two copies saved twice. Through the real loaders and actions, and
// the pages as a browser without JavaScript gets them after the post.
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import * as newRollout from "../routes/rollouts.new";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, inDays, post, seedWithSampleTeams } from "./audit-requests";

type Page = { loader: Parameters<typeof run>[0]; action: Parameters<typeof run>[0]; default: ComponentType };
type Fields = Record<string, string | string[]>;

let teamA = 0;
let teamB = 0;
let briefing = 0;
let locality = 0;

beforeAll(async () => {
  ({ teamA, teamB } = await seedWithSampleTeams());
  briefing = (await auditDb().selectFrom("practice_development_briefings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  locality = (await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").executeTakeFirstOrThrow()).id;
});

/** The token the page's form (the one with `intent`, when given) sends, drawn from `loaderData` and, after a post, `actionData`. */
async function tokenSent(page: Page, path: string, loaderData: unknown, actionData: unknown, intent?: string) {
  const forms = postForms(await renderedAfterPost(page.default, loaderData, actionData), `http://localhost${path}`).map((f) => Object.fromEntries(f.fields));
  return forms.find((f) => f.formToken && (intent === undefined || f.intent === intent))?.formToken;
}

/** One drawing of the page for L&D, and the token its form carries. */
async function drawn(page: Page, path: string, params: Record<string, string> = {}, intent?: string) {
  const { data } = await run(page.loader, await requestAs("ld", path), params);
  const formToken = await tokenSent(page, path, data, null, intent);
  expect(formToken).toMatch(/^[0-9a-f-]{36}$/);
  return formToken!;
}

/** The page as a browser without JavaScript gets it after a post: drawn afresh by the loader (a new token), with the action's answer. */
async function redrawnAfter(page: Page, path: string, answer: Outcome, params: Record<string, string> = {}, intent?: string) {
  const { data } = await run(page.loader, await requestAs("ld", path), params);
  return tokenSent(page, path, data, answer.data, intent);
}

const send = async (page: Page, path: string, fields: Fields, params: Record<string, string> = {}) => run(page.action, await requestAs("ld", path, post(fields)), params);
const saved = (answer: Outcome) => expect(answer.status, JSON.stringify(answer.data)).toBe(302);

describe("a new rollout", () => {
  const path = `${BASE}/rollouts/new`;
  const rollout = (dueOn: string): Fields => ({ briefing: String(briefing), dueOn, targetPercent: "85", teams: [String(teamA)] });
  const rolloutsDue = async (dueOn: string) => (await auditDb().selectFrom("practice_development_rollouts").select("id").where("due_on", "=", dueOn).execute()).length;

  it("carries its token through the \"Show teams\" step, so the form sent before the step and after it create once", async () => {
    const dueOn = inDays(301);
    const formToken = await drawn(newRollout, path);
    const step = await send(newRollout, path, { formToken, ...rollout(dueOn), showTeamsIn: String(locality), intent: "showTeams" });
    expect(step.status, JSON.stringify(step.data)).toBe(200);
    const afterStep = await redrawnAfter(newRollout, path, step);
    expect(afterStep).toBe(formToken);
    saved(await send(newRollout, path, { formToken: afterStep!, ...rollout(dueOn) }));
    saved(await send(newRollout, path, { formToken, ...rollout(dueOn) }));
    expect(await rolloutsDue(dueOn)).toBe(1);
  });

  it("is shown again after a refusal with its token, so the corrected form creates once", async () => {
    const dueOn = inDays(302);
    const formToken = await drawn(newRollout, path);
    const refused = await send(newRollout, path, { formToken, ...rollout(dueOn), targetPercent: "" });
    expect(refused.status).toBe(400);
    expect(await redrawnAfter(newRollout, path, refused)).toBe(formToken);
    // Refused in the transaction that claims it too.
    const inSave = await send(newRollout, path, { formToken, ...rollout(dueOn), briefing: "999999" });
    expect(inSave.status).toBe(400);
    expect(await redrawnAfter(newRollout, path, inSave)).toBe(formToken);
    for (let again = 0; again < 2; again++) saved(await send(newRollout, path, { formToken, ...rollout(dueOn) }));
    expect(await rolloutsDue(dueOn)).toBe(1);
  });
});

describe("a new audit", () => {
  const path = `${BASE}/audits/new`;
  const audit = (title: string): Fields => ({ theme: "permanence", title, heldOn: inDays(-3), summary: "Sampled ten records.", teams: [String(teamA), String(teamB)] });
  const auditsTitled = async (title: string) => (await auditDb().selectFrom("practice_development_audits").select("id").where("title", "=", title).execute()).length;

  it("carries its token through the \"Show teams\" step, so the form sent before the step and after it record once", async () => {
    const formToken = await drawn(newAudit, path);
    const step = await send(newAudit, path, { formToken, ...audit("Stepped audit"), showTeamsIn: String(locality), intent: "showTeams" });
    expect(step.status, JSON.stringify(step.data)).toBe(200);
    const afterStep = await redrawnAfter(newAudit, path, step);
    expect(afterStep).toBe(formToken);
    saved(await send(newAudit, path, { formToken: afterStep!, ...audit("Stepped audit") }));
    saved(await send(newAudit, path, { formToken, ...audit("Stepped audit") }));
    expect(await auditsTitled("Stepped audit")).toBe(1);
  });

  it("is shown again after a refusal with its token, so the corrected form records once", async () => {
    const formToken = await drawn(newAudit, path);
    const refused = await send(newAudit, path, { formToken, ...audit("Refused audit"), heldOn: inDays(3) });
    expect(refused.status).toBe(400);
    expect(await redrawnAfter(newAudit, path, refused)).toBe(formToken);
    for (let again = 0; again < 2; again++) saved(await send(newAudit, path, { formToken, ...audit("Refused audit") }));
    expect(await auditsTitled("Refused audit")).toBe(1);
  });
});

describe("a finding and a learning action", () => {
  let auditId = 0;
  let findingId = 0;

  beforeAll(async () => {
    auditId = await createAudit({ title: "Audit whose forms are refused" });
    findingId = await addFinding(auditId, { team: String(teamA) });
  });

  it("a finding's form is shown again after a refusal with its token, so the corrected form adds once", async () => {
    const path = `${BASE}/audits/${auditId}`;
    const params = { auditId: String(auditId) };
    const finding: Fields = { rating: "good", practiceArea: "Refused then corrected", pcf: "knowledge" };
    const formToken = await drawn(auditPage, path, params);
    const refused = await send(auditPage, path, { formToken, ...finding, rating: "" }, params);
    expect(refused.status).toBe(400);
    expect(await redrawnAfter(auditPage, path, refused, params)).toBe(formToken);
    for (let again = 0; again < 2; again++) saved(await send(auditPage, path, { formToken, ...finding }, params));
    expect(await auditDb().selectFrom("practice_development_audit_findings").select("id").where("practice_area", "=", "Refused then corrected").execute()).toHaveLength(1);
  });

  it("a learning action's form is shown again after a refusal with its token, so the corrected form raises once", async () => {
    const path = `${BASE}/audits/${auditId}/findings/${findingId}`;
    const params = { auditId: String(auditId), findingId: String(findingId) };
    const dueOn = inDays(303);
    const action: Fields = { intent: "raise", kind: "rollout", rollout: "new", briefing: String(briefing), dueOn };
    const formToken = await drawn(findingPage, path, params, "raise");
    const refused = await send(findingPage, path, { formToken, ...action, briefing: "999999" }, params);
    expect(refused.status).toBe(400);
    expect(await redrawnAfter(findingPage, path, refused, params, "raise")).toBe(formToken);
    for (let again = 0; again < 2; again++) saved(await send(findingPage, path, { formToken, ...action }, params));
    expect(await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", findingId).where("due_on", "=", dueOn).execute()).toHaveLength(1);
  });
});
