// A finding's or an audit's learning actions are listed a page at a time, with how many there are in all,
// on the finding's page, the audit's page and the next audit's "what changed" comparison: a list that
// stopped at the first 1,000 left the rest out without a word. Through the real loaders, and the pages as
// rendered, on a migrated, seeded database with 1,001 actions on one finding.
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PAGE_SIZE } from "../programme";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, inDays, seedWithSampleTeams } from "./audit-requests";

const ACTIONS = 1_001;
const LAST_PAGE = Math.ceil(ACTIONS / PAGE_SIZE);
const LAST_TITLE = "The last of 1,001 actions";

let audit = 0;
let finding = 0;
let nextAudit = 0;

type ListPage = { id: number; course_title: string | null }[];
type Paging = { total: number; page: number; pageCount: number };

beforeAll(async () => {
  await seedWithSampleTeams();
  audit = await createAudit({ theme: "pathway_plans", title: "Audit with 1,001 actions", heldOn: inDays(-20) });
  finding = await addFinding(audit);
  nextAudit = await createAudit({ theme: "pathway_plans", title: "The audit after it", heldOn: inDays(-5) });
  // Soonest due first: the last is due a day after the other thousand.
  const now = new Date().toISOString();
  const action = (n: number) => ({ audit_id: audit, finding_id: finding, kind: "course" as const, rollout_id: null, cohort_id: null, course_source: null, course_id: null, course_title: n === ACTIONS ? LAST_TITLE : `Course ${n}`, course_href: null, due_on: inDays(n === ACTIONS ? 31 : 30), closed_by: null, closed_at: null, closed_note: null, created_by: null, created_at: now });
  const all = Array.from({ length: ACTIONS }, (_, i) => action(i + 1));
  for (let start = 0; start < all.length; start += 200) await auditDb().insertInto("practice_development_audit_actions").values(all.slice(start, start + 200)).execute();
});

async function loaded(page: { loader: Parameters<typeof run>[0] }, path: string, params: Record<string, string>) {
  const outcome = await run(page.loader, await requestAs("ld", path), params);
  expect(outcome.status).toBe(200);
  return outcome.data;
}

const html = async (page: { default: ComponentType }, data: unknown) => renderedAfterPost(page.default, data, null);
const titles = (rows: ListPage) => rows.map((r) => r.course_title);

describe("a finding's learning actions", () => {
  const params = () => ({ auditId: String(audit), findingId: String(finding) });
  const onPage = async (query: string) => (await loaded(findingPage, `${BASE}/audits/${audit}/findings/${finding}${query}`, params())) as { actions: ListPage; actionsPage: Paging };

  it("are shown a page at a time with how many there are, and the last of 1,001 is on the last page", async () => {
    const first = await onPage("");
    expect(first.actions).toHaveLength(PAGE_SIZE);
    expect(first.actionsPage).toEqual({ total: ACTIONS, page: 1, pageCount: LAST_PAGE });
    const page = await html(findingPage, first);
    expect(page).toContain("1,001 learning actions");
    expect(page).toContain(`href="?page=${LAST_PAGE}"`);

    const last = await onPage(`?page=${LAST_PAGE}`);
    expect(titles(last.actions)).toEqual([LAST_TITLE]);
    expect(last.actionsPage.page).toBe(LAST_PAGE);
    // A page past the end shows the last.
    expect(titles((await onPage("?page=9999")).actions)).toEqual([LAST_TITLE]);
  });
});

describe("an audit's learning actions", () => {
  type AuditData = { actions: ListPage; actionsPage: Paging; changes: { previous: { id: number }; actions: ListPage; actionsPage: Paging } | null };
  const onPage = async (id: number, query: string) => (await loaded(auditPage, `${BASE}/audits/${id}${query}`, { auditId: String(id) })) as AuditData;

  it("are shown a page at a time on the audit's page, the last of 1,001 on the last page", async () => {
    const first = await onPage(audit, "");
    expect(first.actions).toHaveLength(PAGE_SIZE);
    expect(first.actionsPage).toEqual({ total: ACTIONS, page: 1, pageCount: LAST_PAGE });
    const page = await html(auditPage, first);
    expect(page).toContain("1,001 learning actions");
    expect(page).toContain(`href="?list=actions&amp;page=${LAST_PAGE}"`);
    expect(titles((await onPage(audit, `?list=actions&page=${LAST_PAGE}`)).actions)).toEqual([LAST_TITLE]);
  });

  it("are shown a page at a time in the next audit's comparison, turned apart from its own list", async () => {
    const first = await onPage(nextAudit, "");
    expect(first.changes?.previous.id).toBe(audit);
    expect(first.changes?.actions).toHaveLength(PAGE_SIZE);
    expect(first.changes?.actionsPage).toEqual({ total: ACTIONS, page: 1, pageCount: LAST_PAGE });
    const page = await html(auditPage, first);
    expect(page).toContain("1,001 learning actions");
    expect(page).toContain(`href="?list=previous&amp;page=${LAST_PAGE}"`);
    const last = await onPage(nextAudit, `?list=previous&page=${LAST_PAGE}`);
    expect(titles(last.changes!.actions)).toEqual([LAST_TITLE]);
    expect(last.actions).toEqual([]);
    // The page of the audit's own list leaves the comparison at its first.
    expect((await onPage(nextAudit, `?list=actions&page=${LAST_PAGE}`)).changes?.actionsPage.page).toBe(1);
  });
});
