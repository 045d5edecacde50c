// An audit, a finding, a learning action and a rollout have no key of their own to meet on, so each form
// carries the one-time token its page was drawn with: the same form sent twice (a double click, a resend)
// saves and audits once, even at the same moment, and goes where the first send went (or to the list that
// shows what it made); a new drawing of the page saves again. A learning action sent twice would start a
// second rollout too, counted in the rollouts list, the team columns and each person's briefings card.
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

let teamA: number;
let teamB: number;
let briefing: number;

beforeAll(async () => {
  ({ teamA, teamB } = await seedWithSampleTeams());
  briefing = (await auditDb().selectFrom("practice_development_briefings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
});

type Page = { loader: Parameters<typeof run>[0]; default: ComponentType };

/** The hidden fields of the page's form (the one with `intent`, when given) as one drawing of the page for L&D posts them. */
async function drawnForm(page: Page, path: string, params: Record<string, string> = {}, intent?: string) {
  const { data } = await run(page.loader, await requestAs("ld", path), params);
  const forms = postForms(await renderedAfterPost(page.default, data, null), `http://localhost${path}`).map((f) => Object.fromEntries(f.fields));
  const form = forms.find((f) => intent === undefined || f.intent === intent);
  expect(form?.formToken, "the page's form carries the token it was drawn with").toBe((data as { formToken: string }).formToken);
  expect(form!.formToken).toMatch(/^[0-9a-f-]{36}$/);
  return { formToken: form!.formToken, ...(intent ? { intent } : {}) };
}

const send = async (page: { action: Parameters<typeof run>[0] }, path: string, fields: Record<string, string | string[]>, params: Record<string, string> = {}) => run(page.action, await requestAs("ld", path, post(fields)), params);
const auditEvents = async (action: string, subjectIds?: number[]) => {
  let query = db().selectFrom("audit_events").select("id").where("action", "=", action);
  if (subjectIds) query = query.where("subject_id", "in", subjectIds.length ? subjectIds.map(String) : ["none"]);
  return (await query.execute()).length;
};
const redirectedTo = (answer: Outcome) => {
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  return answer.headers.get("Location");
};

describe("a new audit", () => {
  const path = `${BASE}/audits/new`;
  const audit = (title: string) => ({ theme: "permanence", title, heldOn: inDays(-3), summary: "Sampled ten records.", teams: [String(teamA), String(teamB)] });
  const auditsTitled = async (title: string) => (await auditDb().selectFrom("practice_development_audits").select("id").where("title", "=", title).orderBy("id").execute()).map((r) => r.id);

  it("is recorded and audited once when the same form is sent twice, the second sent to the audit the first recorded", async () => {
    const fields = { ...(await drawnForm(newAudit, path)), ...audit("Recorded twice") };
    const first = redirectedTo(await send(newAudit, path, fields));
    const second = redirectedTo(await send(newAudit, path, fields));
    const ids = await auditsTitled("Recorded twice");
    expect(ids).toHaveLength(1);
    expect([first, second]).toEqual([`${BASE}/audits/${ids[0]}?saved=audit`, `${BASE}/audits/${ids[0]}?saved=audit`]);
    expect(await auditEvents("practice-development.audit.created", ids)).toBe(1);
    expect(await auditDb().selectFrom("practice_development_audit_sample").select("org_unit_id").where("audit_id", "=", ids[0]).execute()).toHaveLength(2);
  });

  it("is recorded once when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm(newAudit, path)), ...audit("Recorded at once") };
    (await Promise.all([send(newAudit, path, fields), send(newAudit, path, fields)])).forEach(redirectedTo);
    expect(await auditsTitled("Recorded at once")).toHaveLength(1);
  });

  it("is recorded again from a new drawing of the page, two audits of the same title on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) redirectedTo(await send(newAudit, path, { ...(await drawnForm(newAudit, path)), ...audit("Recorded again") }));
    expect(await auditsTitled("Recorded again")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its date, so the corrected form records", async () => {
    const drawn = await drawnForm(newAudit, path);
    expect((await send(newAudit, path, { ...drawn, ...audit("Corrected audit"), heldOn: inDays(3) })).status).toBe(400);
    redirectedTo(await send(newAudit, path, { ...drawn, ...audit("Corrected audit") }));
    expect(await auditsTitled("Corrected audit")).toHaveLength(1);
  });
});

describe("a finding added to an audit", () => {
  let auditId = 0;
  let path = "";
  let params: Record<string, string> = {};
  const finding = (practiceArea: string) => ({ rating: "inadequate", practiceArea, pcf: "knowledge" });
  const findingsIn = async (practiceArea: string) => (await auditDb().selectFrom("practice_development_audit_findings").select("id").where("audit_id", "=", auditId).where("practice_area", "=", practiceArea).execute()).map((r) => r.id);
  const expectSaved = (answer: Outcome) => expect(redirectedTo(answer)).toBe(`${path}?saved=finding&list=findings&page=1#findings`);

  beforeAll(async () => {
    auditId = await createAudit({ title: "Audit with findings sent twice" });
    path = `${BASE}/audits/${auditId}`;
    params = { auditId: String(auditId) };
  });

  it("is added and audited once when the same form is sent twice, and both are answered as saved", async () => {
    const fields = { ...(await drawnForm(auditPage, path, params)), ...finding("Added twice") };
    for (let again = 0; again < 2; again++) expectSaved(await send(auditPage, path, fields, params));
    const ids = await findingsIn("Added twice");
    expect(ids).toHaveLength(1);
    expect(await auditEvents("practice-development.audit.finding-added", ids)).toBe(1);
  });

  it("is added once when the same form is sent twice at the same moment", async () => {
    const fields = { ...(await drawnForm(auditPage, path, params)), ...finding("Added at once") };
    (await Promise.all([send(auditPage, path, fields, params), send(auditPage, path, fields, params)])).forEach(expectSaved);
    expect(await findingsIn("Added at once")).toHaveLength(1);
  });

  it("is added again from a new drawing of the page, the same area rated twice on purpose", async () => {
    for (let drawn = 0; drawn < 2; drawn++) expectSaved(await send(auditPage, path, { ...(await drawnForm(auditPage, path, params)), ...finding("Added again") }, params));
    expect(await findingsIn("Added again")).toHaveLength(2);
  });
});

describe("a learning action raised from a finding", () => {
  let auditId = 0;
  let findingId = 0;
  let path = "";
  let params: Record<string, string> = {};
  const action = (dueOn: string) => ({ kind: "rollout", rollout: "new", briefing: String(briefing), dueOn });
  const actionsDue = async (dueOn: string) => (await auditDb().selectFrom("practice_development_audit_actions").select(["id", "rollout_id"]).where("finding_id", "=", findingId).where("due_on", "=", dueOn).execute());
  const rolloutsDue = async (dueOn: string) => (await auditDb().selectFrom("practice_development_rollouts").select("id").where("due_on", "=", dueOn).execute()).map((r) => r.id);
  const expectSaved = (answer: Outcome) => expect(redirectedTo(answer)).toBe(`${path}?saved=action`);

  beforeAll(async () => {
    auditId = await createAudit({ title: "Audit with actions sent twice" });
    findingId = await addFinding(auditId, { team: String(teamA) });
    path = `${BASE}/audits/${auditId}/findings/${findingId}`;
    params = { auditId: String(auditId), findingId: String(findingId) };
  });

  it("is raised, with its new rollout, and audited once when the same form is sent twice, and both are answered as saved", async () => {
    const dueOn = inDays(101);
    const fields = { ...(await drawnForm(findingPage, path, params, "raise")), ...action(dueOn) };
    for (let again = 0; again < 2; again++) expectSaved(await send(findingPage, path, fields, params));
    const actions = await actionsDue(dueOn);
    expect(actions).toHaveLength(1);
    expect(await rolloutsDue(dueOn)).toEqual([actions[0].rollout_id]);
    expect(await auditEvents("practice-development.audit.action-raised", actions.map((a) => a.id))).toBe(1);
    expect(await auditEvents("practice-development.rollout.created", [actions[0].rollout_id!])).toBe(1);
  });

  it("is raised once, with one rollout, when the same form is sent twice at the same moment", async () => {
    const dueOn = inDays(102);
    const fields = { ...(await drawnForm(findingPage, path, params, "raise")), ...action(dueOn) };
    (await Promise.all([send(findingPage, path, fields, params), send(findingPage, path, fields, params)])).forEach(expectSaved);
    expect(await actionsDue(dueOn)).toHaveLength(1);
    expect(await rolloutsDue(dueOn)).toHaveLength(1);
  });

  it("is raised again from a new drawing of the page, the same action raised twice on purpose", async () => {
    const dueOn = inDays(103);
    for (let drawn = 0; drawn < 2; drawn++) expectSaved(await send(findingPage, path, { ...(await drawnForm(findingPage, path, params, "raise")), ...action(dueOn) }, params));
    expect(await actionsDue(dueOn)).toHaveLength(2);
    expect(await rolloutsDue(dueOn)).toHaveLength(2);
  });

  it("keeps no token of a form refused in the transaction that claims it, so the corrected form raises it", async () => {
    const dueOn = inDays(104);
    const drawn = await drawnForm(findingPage, path, params, "raise");
    // The briefing is looked for when the rollout is made, after the token is claimed: the refusal undoes the claim.
    const refused = await send(findingPage, path, { ...drawn, ...action(dueOn), briefing: "999999" }, params);
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({ briefing: "audits.errors.briefing" });
    expectSaved(await send(findingPage, path, { ...drawn, ...action(dueOn) }, params));
    expect(await actionsDue(dueOn)).toHaveLength(1);
  });
});

describe("a new rollout", () => {
  const path = `${BASE}/rollouts/new`;
  const rollout = (dueOn: string) => ({ briefing: String(briefing), dueOn, targetPercent: "85", teams: [String(teamA)] });
  const rolloutsDue = async (dueOn: string) => (await auditDb().selectFrom("practice_development_rollouts").select("id").where("due_on", "=", dueOn).orderBy("id").execute()).map((r) => r.id);

  it("is created and audited once when the same form is sent twice, the second sent to the rollout the first created", async () => {
    const dueOn = inDays(201);
    const fields = { ...(await drawnForm(newRollout, path)), ...rollout(dueOn) };
    const first = redirectedTo(await send(newRollout, path, fields));
    const second = redirectedTo(await send(newRollout, path, fields));
    const ids = await rolloutsDue(dueOn);
    expect(ids).toHaveLength(1);
    expect([first, second]).toEqual([`${BASE}/rollouts/${ids[0]}?saved=1`, `${BASE}/rollouts/${ids[0]}?saved=1`]);
    expect(await auditEvents("practice-development.rollout.created", ids)).toBe(1);
  });

  it("is created once when the same form is sent twice at the same moment", async () => {
    const dueOn = inDays(202);
    const fields = { ...(await drawnForm(newRollout, path)), ...rollout(dueOn) };
    (await Promise.all([send(newRollout, path, fields), send(newRollout, path, fields)])).forEach(redirectedTo);
    expect(await rolloutsDue(dueOn)).toHaveLength(1);
  });

  it("is created again from a new drawing of the page, two rollouts of one briefing on purpose", async () => {
    const dueOn = inDays(203);
    for (let drawn = 0; drawn < 2; drawn++) redirectedTo(await send(newRollout, path, { ...(await drawnForm(newRollout, path)), ...rollout(dueOn) }));
    expect(await rolloutsDue(dueOn)).toHaveLength(2);
  });

  it("keeps no token of a form refused in the transaction that claims it, so the corrected form creates it", async () => {
    const dueOn = inDays(204);
    const drawn = await drawnForm(newRollout, path);
    const refused = await send(newRollout, path, { ...drawn, ...rollout(dueOn), briefing: "999999" });
    expect(refused.status).toBe(400);
    expect((refused.data as { errors: Record<string, string> }).errors).toEqual({ briefing: "rollout.errors.briefing" });
    redirectedTo(await send(newRollout, path, { ...drawn, ...rollout(dueOn) }));
    expect(await rolloutsDue(dueOn)).toHaveLength(1);
  });

  it("is taken from a form without a token as before tokens", async () => {
    const dueOn = inDays(205);
    for (let sent = 0; sent < 2; sent++) redirectedTo(await send(newRollout, path, rollout(dueOn)));
    expect(await rolloutsDue(dueOn)).toHaveLength(2);
  });
});
