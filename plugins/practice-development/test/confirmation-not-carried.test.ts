// The "finding added" banner an audit page shows after a save (`?saved=finding`) is said once: the page's
// own links and forms leave the confirmation out. Through the real loader and action on a migrated,
// seeded database, and the page as rendered at the address the save redirected to. Before, the finding
// form posted back to that address, so a refused finding was shown under the last one's success banner.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import { PAGE_SIZE } from "../programme";
import * as auditPage from "../routes/audits.$auditId";
import { auditDb } from "../server/audits/db.server";
import { BASE, createAudit, post, seedWithSampleTeams } from "./audit-requests";
import { renderedAt } from "./rendered-at";

let audit = 0;
const address = () => `${BASE}/audits/${audit}?saved=finding&list=findings&page=2`;
const params = () => ({ auditId: String(audit) });
const hrefs = (html: string) => [...html.matchAll(/href="(\?[^"]*)"/g)].map((m) => m[1]);
const formAction = (html: string, id: string) => new RegExp(`<form [^>]*action="([^"]*)"[^>]*id="${id}"`).exec(html)?.[1];

beforeAll(async () => {
  await seedWithSampleTeams();
  audit = await createAudit({ title: "Audit with findings on three pages" });
  const now = new Date().toISOString();
  await auditDb()
    .insertInto("practice_development_audit_findings")
    .values(Array.from({ length: PAGE_SIZE * 2 + 1 }, (_, i) => ({ audit_id: audit, rating: "good" as const, practice_area: `Area ${i + 1}`, team_id: null, note: null, created_by: null, created_at: now })))
    .execute();
});

describe("an audit page reached by saving a finding", () => {
  it("shows the banner, but its page links and finding form leave it out", async () => {
    const loaded = await run(auditPage.loader, await requestAs("ld", address()), params());
    const html = decodeHtml(await renderedAt(auditPage.default, loaded.data, address()));
    expect(html).toContain("The finding has been added.");
    expect(hrefs(html)).toEqual(expect.arrayContaining(["?list=findings&page=1", "?list=findings&page=3"]));
    expect(hrefs(html).filter((h) => h.includes("saved"))).toEqual([]);
    // It posts back to the page of findings it is on, less the confirmation.
    expect(formAction(html, "finding")).toBe(`${BASE}/audits/${audit}?list=findings&page=2`);
  });

  it("shows a refused finding's errors without the last save's banner", async () => {
    const refused = await run(auditPage.action, await requestAs("ld", address(), post({ rating: "good", practiceArea: "" })), params());
    expect(refused.status).toBe(400);
    const loaded = await run(auditPage.loader, await requestAs("ld", address()), params());
    const html = decodeHtml(await renderedAt(auditPage.default, loaded.data, address(), "en-GB", refused.data));
    expect(html).toContain("There is a problem");
    expect(html).not.toContain("The finding has been added.");
  });
});
