// Adding a finding to an audit whose findings run past a page lands on the page holding the new finding,
// through the real action and loader on a migrated, seeded database. Findings are paged oldest first, so
// the new one is on the last page; the redirect went to the first, where it was not shown.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { run, type Outcome } from "../../../tests/support/route";
import { PAGE_SIZE } from "../programme";
import * as auditPage from "../routes/audits.$auditId";
import { auditDb } from "../server/audits/db.server";
import { BASE, createAudit, post, seedWithSampleTeams } from "./audit-requests";

type AuditData = { findings: { id: number; practice_area: string }[]; findingsPage: { total: number; page: number; pageCount: number } };

let audit = 0;
const path = () => `${BASE}/audits/${audit}`;
const params = () => ({ auditId: String(audit) });

/** `count` findings recorded straight into the audit, as many audits' worth of work would leave. */
async function findingsRecorded(count: number) {
  const now = new Date().toISOString();
  await auditDb()
    .insertInto("practice_development_audit_findings")
    .values(Array.from({ length: count }, (_, i) => ({ audit_id: audit, rating: "good" as const, practice_area: `Area ${i + 1}`, team_id: null, note: null, created_by: null, created_at: now })))
    .execute();
}

const addFinding = async (practiceArea: string, fields: Record<string, string> = {}) =>
  run(auditPage.action, await requestAs("ld", path(), post({ rating: "inadequate", practiceArea, pcf: "knowledge", ...fields })), params());

/** The audit page at the address a redirect gave, its fragment aside, as L&D see it. */
async function landedOn(answer: Outcome) {
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  const location = answer.headers.get("Location")!;
  expect(location.startsWith(`${path()}?saved=finding&`), location).toBe(true);
  expect(location.endsWith("#findings"), location).toBe(true);
  const loaded = await run(auditPage.loader, await requestAs("ld", location.replace(/#.*$/, "")), params());
  expect(loaded.status).toBe(200);
  return { location, page: loaded.data as AuditData };
}

beforeAll(async () => {
  await seedWithSampleTeams();
  audit = await createAudit({ title: "Audit whose findings run past two pages" });
});

describe("adding a finding to an audit whose findings run past a page", () => {
  it("lands on the page holding the new finding, with the saved banner", async () => {
    await findingsRecorded(PAGE_SIZE * 2 + 3);
    const { location, page } = await landedOn(await addFinding("The newest finding"));
    expect(location).toBe(`${path()}?saved=finding&list=findings&page=3#findings`);
    expect(page.findingsPage).toMatchObject({ page: 3, pageCount: 3, total: PAGE_SIZE * 2 + 4 });
    expect(page.findings.map((f) => f.practice_area)).toContain("The newest finding");
  });

  it("lands on a new page when the finding is the first of it", async () => {
    const { total } = (await landedOn(await addFinding("Filling the third page"))).page.findingsPage;
    await findingsRecorded(PAGE_SIZE * 3 - total);
    const { location, page } = await landedOn(await addFinding("The first of the fourth page"));
    expect(location).toBe(`${path()}?saved=finding&list=findings&page=4#findings`);
    expect(page.findings.map((f) => f.practice_area)).toEqual(["The first of the fourth page"]);
  });

  it("sent again, lands on the last page, where the finding its first send added is", async () => {
    const { formToken } = (await run(auditPage.loader, await requestAs("ld", path()), params())).data as { formToken: string };
    const first = await landedOn(await addFinding("Sent twice", { formToken }));
    const second = await landedOn(await addFinding("Sent twice", { formToken }));
    expect(second.location).toBe(first.location);
    expect(second.page.findings.filter((f) => f.practice_area === "Sent twice")).toHaveLength(1);
  });
});
