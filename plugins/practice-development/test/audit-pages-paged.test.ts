// The audit pages at scale, through the real loaders and actions on a migrated, seeded database, and the
// pages as rendered: closing a learning action on a later page of a finding's actions goes back to that
// page (it went back to the first); an audit's findings are listed a page at a time with how many there
// are (every one was read and shown); and the raise form's rollouts and cohorts, listed up to 200 each,
// say when there are more and are found by a search (the rest were left out without a word).
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { requestAs } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PAGE_SIZE, PLUGIN_ID } from "../programme";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { auditDb } from "../server/audits/db.server";
import { CHOICES_SHOWN } from "../server/audits/learning-actions.server";
import { createBriefing } from "./briefing-requests";
import { addFinding, BASE, createAudit, findingRequest, inDays, seedWithSampleTeams } from "./audit-requests";

type Loaded = { loader: Parameters<typeof run>[0]; default: ComponentType };
const html = async (page: Loaded, data: unknown) => decodeHtml(await renderedAfterPost(page.default, data, null));

async function loaded(page: Loaded, path: string, params: Record<string, string>) {
  const outcome = await run(page.loader, await requestAs("ld", path), params);
  expect(outcome.status).toBe(200);
  return outcome.data;
}

beforeAll(async () => {
  await seedWithSampleTeams();
});

describe("closing a learning action on a later page of a finding's actions", () => {
  const ACTIONS = PAGE_SIZE * 2 + 5;
  let audit = 0;
  let finding = 0;
  const params = () => ({ auditId: String(audit), findingId: String(finding) });
  const path = () => `${BASE}/audits/${audit}/findings/${finding}`;
  type FindingData = { actions: { id: number; status: string }[]; actionsPage: { page: number; pageCount: number } };
  const onPage = async (query: string) => (await loaded(findingPage, `${path()}${query}`, params())) as FindingData;
  const close = async (action: number, page?: string) => run(findingPage.action, await findingRequest(audit, finding, { intent: "close", action: String(action), note: "Done", ...(page === undefined ? {} : { page }) }), params());

  beforeAll(async () => {
    audit = await createAudit({ title: "Audit whose actions run to three pages" });
    finding = await addFinding(audit);
    const now = new Date().toISOString();
    await auditDb()
      .insertInto("practice_development_audit_actions")
      .values(Array.from({ length: ACTIONS }, (_, i) => ({ audit_id: audit, finding_id: finding, kind: "course" as const, rollout_id: null, cohort_id: null, course_source: null, course_id: null, course_title: `Course ${i + 1}`, course_href: null, due_on: inDays(30 + i), closed_by: null, closed_at: null, closed_note: null, created_by: null, created_at: now })))
      .execute();
  });

  it("carries the page its close form is on, and goes back to that page", async () => {
    const third = await onPage("?page=3");
    expect(third.actionsPage).toMatchObject({ page: 3, pageCount: 3 });
    const forms = postForms(await html(findingPage, third), `http://localhost${path()}?page=3`).map((f) => Object.fromEntries(f.fields));
    const closeForm = forms.find((f) => f.intent === "close" && f.action === String(third.actions[0].id));
    expect(closeForm?.page).toBe("3");

    const closed = await close(third.actions[0].id, closeForm!.page);
    expect(closed.status).toBe(302);
    const location = closed.headers.get("Location")!;
    expect(location).toBe(`${path()}?saved=closed&page=3`);
    const back = await onPage(location.slice(path().length));
    expect(back.actionsPage.page).toBe(3);
    expect(back.actions[0]).toMatchObject({ id: third.actions[0].id, status: "done" });
    // A second click on the same form says it was done already, on the same page.
    expect((await close(third.actions[0].id, "3")).headers.get("Location")).toBe(`${path()}?saved=alreadyClosed&page=3`);
  });

  it("goes back to the first page for a page that is not a positive whole number, and to the last for one past the end", async () => {
    const [a, b, c, d, e] = (await onPage("?page=2")).actions.map((x) => x.id);
    for (const [action, page] of [[a, "0"], [b, "-2"], [c, "two"], [d, ""]] as const) {
      const closed = await close(action, page);
      expect(closed.headers.get("Location"), page).toBe(`${path()}?saved=closed`);
    }
    expect((await close(e)).headers.get("Location")).toBe(`${path()}?saved=closed`);
    const far = await close((await onPage("?page=3")).actions[1].id, "9999");
    expect(far.headers.get("Location")).toBe(`${path()}?saved=closed&page=9999`);
    expect((await onPage("?saved=closed&page=9999")).actionsPage.page).toBe(3);
  });
});

describe("an audit's findings", () => {
  const FINDINGS = PAGE_SIZE + 1;
  const LAST_AREA = "The last of the findings";
  let audit = 0;
  type AuditData = { findings: { id: number; practice_area: string; pcf: string[] }[]; findingsPage: { total: number; page: number; pageCount: number } };
  const onPage = async (query: string) => (await loaded(auditPage, `${BASE}/audits/${audit}${query}`, { auditId: String(audit) })) as AuditData;

  beforeAll(async () => {
    audit = await createAudit({ title: "Audit with a page and one of findings" });
    const now = new Date().toISOString();
    await auditDb()
      .insertInto("practice_development_audit_findings")
      .values(Array.from({ length: FINDINGS - 1 }, (_, i) => ({ audit_id: audit, rating: "good" as const, practice_area: `Area ${i + 1}`, team_id: null, note: null, created_by: null, created_at: now })))
      .execute();
    await addFinding(audit, { practiceArea: LAST_AREA, pcf: "knowledge" });
  });

  it("are listed a page at a time with how many there are, the last on the last page with its references", async () => {
    const first = await onPage("");
    expect(first.findings).toHaveLength(PAGE_SIZE);
    expect(first.findingsPage).toEqual({ total: FINDINGS, page: 1, pageCount: 2 });
    const page = await html(auditPage, first);
    expect(page).toContain(`${FINDINGS} findings`);
    expect(page).toContain('href="?list=findings&page=2"');

    const last = await onPage("?list=findings&page=2");
    expect(last.findings).toEqual([expect.objectContaining({ practice_area: LAST_AREA, pcf: ["knowledge"] })]);
    // A page past the end shows the last; the page of another list leaves the findings at their first.
    expect((await onPage("?list=findings&page=9999")).findingsPage.page).toBe(2);
    expect((await onPage("?list=actions&page=2")).findingsPage.page).toBe(1);
  });

  it("each show on their own page, wherever they are in the list", async () => {
    const [last] = (await onPage("?list=findings&page=2")).findings;
    const data = (await loaded(findingPage, `${BASE}/audits/${audit}/findings/${last.id}`, { auditId: String(audit), findingId: String(last.id) })) as { finding: { id: number; practice_area: string; pcf: string[] } };
    expect(data.finding).toMatchObject({ id: last.id, practice_area: LAST_AREA, pcf: ["knowledge"] });
  });
});

describe("the rollouts and cohorts a learning action can name", () => {
  let audit = 0;
  let finding = 0;
  let farRollout = 0;
  let farCohort = 0;
  type Choices = { rollouts: { value: string }[]; cohorts: { value: string }[]; choicesTotal: { rollouts: number; cohorts: number } };
  const onPage = async (query = "") => (await loaded(findingPage, `${BASE}/audits/${audit}/findings/${finding}${query}`, { auditId: String(audit), findingId: String(finding) })) as Choices;
  const values = (list: { value: string }[]) => list.map((o) => o.value);

  beforeAll(async () => {
    audit = await createAudit({ title: "Audit choosing among hundreds" });
    finding = await addFinding(audit);
    const now = new Date().toISOString();
    const filler = await createBriefing({ title: "Filler briefing" });
    const far = await createBriefing({ title: "Kestrel 100% briefing" });
    // The latest due are listed first: the one searched for is due first, behind all the others.
    await auditDb()
      .insertInto("practice_development_rollouts")
      .values(Array.from({ length: CHOICES_SHOWN + 5 }, () => ({ briefing_id: filler, starts_on: inDays(0), due_on: inDays(90), target_percent: 90, created_by: null, created_at: now, closed_at: null, closed_by: null })))
      .execute();
    [{ id: farRollout }] = await auditDb().insertInto("practice_development_rollouts").values({ briefing_id: far, starts_on: inDays(0), due_on: inDays(1), target_percent: 90, created_by: null, created_at: now, closed_at: null, closed_by: null }).returning("id").execute();
    // The soonest are listed first: the one searched for starts last.
    const cohort = (name: string, days: number) => ({ programme_id: PLUGIN_ID, name, starts_on: inDays(days), ends_on: inDays(days), capacity: 10, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: now, updated_at: now });
    await db().insertInto("cohorts").values(Array.from({ length: CHOICES_SHOWN + 5 }, (_, i) => cohort(`Filler cohort ${i}`, 10))).execute();
    [{ id: farCohort }] = await db().insertInto("cohorts").values(cohort("Kestrel_cohort", 400)).returning("id").execute();
  });

  it("list the first 200 of each and say plainly that there are more and how to find them", async () => {
    const data = await onPage();
    expect(data.rollouts).toHaveLength(CHOICES_SHOWN);
    expect(data.cohorts).toHaveLength(CHOICES_SHOWN);
    expect(values(data.rollouts)).not.toContain(String(farRollout));
    expect(values(data.cohorts)).not.toContain(String(farCohort));
    expect(data.choicesTotal.rollouts).toBeGreaterThan(CHOICES_SHOWN);
    expect(data.choicesTotal.cohorts).toBeGreaterThan(CHOICES_SHOWN);
    const page = await html(findingPage, data);
    expect(page).toContain(`Only the first 200 of ${data.choicesTotal.rollouts.toLocaleString("en-GB")} open rollouts are listed, the latest due first. To find another, search for words in its briefing title.`);
    expect(page).toContain(`Only the first 200 of ${data.choicesTotal.cohorts.toLocaleString("en-GB")} upcoming cohorts are listed, the soonest first. To find another, search for words in its name.`);
    expect(page).toMatch(/<form method="get"[^>]* id="choice-search"/);
  });

  it("are found by a search, in any case, what it types taken literally", async () => {
    const found = await onPage("?find=KESTREL");
    expect(values(found.rollouts).filter((v) => v !== "new")).toEqual([String(farRollout)]);
    expect(values(found.cohorts)).toEqual([String(farCohort)]);
    expect(found.choicesTotal).toEqual({ rollouts: 1, cohorts: 1 });
    expect(await html(findingPage, found)).not.toContain("Only the first");
    // "%" and "_" are what was typed, not wildcards.
    expect(values((await onPage("?find=100%25")).rollouts)).toEqual([String(farRollout)]);
    expect(values((await onPage("?find=l_c")).cohorts)).toEqual([String(farCohort)]);
    expect((await onPage("?find=%25%25%25")).choicesTotal).toEqual({ rollouts: 0, cohorts: 0 });
  });

  it("raise an action on a rollout found by a search", async () => {
    const raised = await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", kind: "rollout", rollout: String(farRollout), dueOn: inDays(20) }), { auditId: String(audit), findingId: String(finding) });
    expect(raised.status, JSON.stringify(raised.data)).toBe(302);
    expect(await auditDb().selectFrom("practice_development_audit_actions").select("rollout_id").where("finding_id", "=", finding).execute()).toEqual([{ rollout_id: farRollout }]);
  });
});
