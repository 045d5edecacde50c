// What changed since the previous audit, for audits of hundreds of findings each over a few practice
// areas, through the real loader on a migrated, seeded database: the comparison reads a row per area and
// rating an audit gave, not every finding of both audits (it read them all), and says the same.
import { beforeAll, describe, expect, it } from "vitest";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import { PAGE_SIZE } from "../programme";
import * as auditPage from "../routes/audits.$auditId";
import { auditDb } from "../server/audits/db.server";
import type { Rating } from "../server/audits/db.server";
import { BASE, createAudit, inDays, seedWithSampleTeams } from "./audit-requests";

// Many pages of findings per audit: every team's finding on each of three areas.
const FINDINGS = PAGE_SIZE * 8;

let first = 0;
let second = 0;

/** `FINDINGS` findings, cycling through the areas and ratings given, straight into the audit. */
async function findingsRecorded(audit: number, given: [area: string, rating: Rating][]) {
  const now = new Date().toISOString();
  await auditDb()
    .insertInto("practice_development_audit_findings")
    .values(Array.from({ length: FINDINGS }, (_, i) => ({ audit_id: audit, practice_area: given[i % given.length][0], rating: given[i % given.length][1], team_id: null, note: null, created_by: null, created_at: now })))
    .execute();
}

beforeAll(async () => {
  await seedWithSampleTeams();
  first = await createAudit({ theme: "pathway_plans", title: "Pathway plans, many teams, before", heldOn: inDays(-40) });
  second = await createAudit({ theme: "pathway_plans", title: "Pathway plans, many teams, after", heldOn: inDays(-4) });
  // Before: contingency planning good in most teams but inadequate in one; the young person's views good.
  await findingsRecorded(first, [["Contingency planning", "good"], ["Contingency planning", "good"], ["Contingency planning", "inadequate"], ["The young person's views", "good"]]);
  // After: contingency planning requires improvement at worst (better); the views requires improvement
  // (worse), spelt differently; housing new.
  await findingsRecorded(second, [["contingency  planning", "requires_improvement"], ["Contingency planning", "good"], ["The Young Person's Views", "requires_improvement"], ["Housing", "good"]]);
});

describe("what changed since the previous audit, for audits of many findings", () => {
  it("reads a row per area and rating, not every finding, and compares as before", async () => {
    let page: { changes: { previous: { id: number }; ratings: unknown[] } } | undefined;
    const rows = await rowsReadBy(async () => {
      const loaded = await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${second}`), { auditId: String(second) });
      expect(loaded.status).toBe(200);
      page = loaded.data as typeof page;
    });
    expect(page!.changes.previous.id).toBe(first);
    expect(page!.changes.ratings).toEqual([
      { area: "contingency  planning", previous: "inadequate", current: "requires_improvement", change: "better" },
      { area: "Housing", previous: null, current: "good", change: "new" },
      { area: "The Young Person's Views", previous: "good", current: "requires_improvement", change: "worse" },
    ]);
    // The page's own lists are a page each; the two audits' findings alone are FINDINGS * 2 rows.
    expect(rows).toBeLessThan(FINDINGS);
  });
});
