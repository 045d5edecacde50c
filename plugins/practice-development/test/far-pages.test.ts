// A page past the end of the practice development lists that once showed an empty table (a bookmark, or
// a list that has shrunk since) shows the last page's rows, as the other lists do: the briefings, the new
// starters, the audits and the open learning actions. Through the real loaders and services on a
// migrated, seeded database, each list given more rows than a page holds.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { PAGE_SIZE } from "../programme";
import * as audits from "../routes/audits";
import * as openActionsPage from "../routes/audits.actions";
import * as home from "../routes/index";
import * as induction from "../routes/induction.team";
import { listAudits } from "../server/audits/audits.server";
import { auditDb } from "../server/audits/db.server";
import { openActions } from "../server/audits/learning-actions.server";
import { listBriefings } from "../server/briefings/briefings.server";
import { addFinding, BASE, createAudit, inDays, seedWithSampleTeams } from "./audit-requests";
import { createBriefing } from "./briefing-requests";

/** More rows than a page holds, whatever the demo seeded. */
const ADDED = PAGE_SIZE + 1;

beforeAll(async () => {
  const { teamA } = await seedWithSampleTeams();
  for (let n = 0; n < ADDED; n++) await createBriefing({ title: `Far page briefing ${n}` });
  const audit = await createAudit();
  for (let n = 1; n < ADDED; n++) await createAudit({ title: `Far page audit ${n}` });
  const finding = await addFinding(audit, { team: String(teamA) });
  const created_at = new Date().toISOString();
  await auditDb()
    .insertInto("practice_development_audit_actions")
    .values(Array.from({ length: ADDED }, (_, n) => ({ audit_id: audit, finding_id: finding, kind: "course" as const, course_title: `Far page course ${n}`, due_on: inDays(10 + n), created_at })))
    .execute();
  const starters = Array.from({ length: ADDED }, (_, n) => newPerson({ employee_number: `FAR-START-${n}`, given_name: "Sam", family_name: `Starter ${n}`, email: `far-start-${n}@demo.test`, team_id: teamA }, { employment_start: inDays(-1) }));
  await db().insertInto("people").values(starters).execute();
});

/** A list on a page: its loader, its address under the programme's, and the loader's key for its rows. */
interface PagedList {
  name: string;
  loader: Parameters<typeof run>[0];
  path: string;
  rows: string;
}

/** What a list's loader answers L&D at `?page=` (none: the first page). */
async function loaded(list: PagedList, page?: number) {
  const answer = await run(list.loader, await requestAs("ld", `${BASE}${list.path}${page === undefined ? "" : `?page=${page}`}`));
  expect(answer.status, list.name).toBe(200);
  return answer.data as Record<string, unknown> & { page: number; pageCount: number };
}

describe("a page past the end of a practice development list", () => {
  const lists: PagedList[] = [
    { name: "briefings", loader: home.loader, path: "", rows: "briefings" },
    { name: "new starters", loader: induction.loader, path: "/induction/team", rows: "rows" },
    { name: "audits", loader: audits.loader, path: "/audits", rows: "audits" },
    { name: "open actions", loader: openActionsPage.loader, path: "/audits/actions", rows: "open" },
  ];

  for (const list of lists) {
    it(`lists the last page's ${list.name}`, async () => {
      const { pageCount } = await loaded(list);
      expect(pageCount).toBeGreaterThan(1);
      const last = (await loaded(list, pageCount))[list.rows] as unknown[];
      expect(last.length).toBeGreaterThan(0);
      for (const page of [pageCount + 1, 99_999]) {
        const past = await loaded(list, page);
        expect(past[list.rows], `page ${page}`).toEqual(last);
        // The page links mark the page shown as current, not the one asked for.
        expect(past.page, `page ${page}`).toBe(pageCount);
      }
    });
  }

  for (const [name, pageOf] of [["briefings", listBriefings], ["audits", listAudits], ["open actions", openActions]] as const) {
    it(`says the ${name} it shows are the last page`, async () => {
      const { pageCount } = await pageOf(1);
      const past = await pageOf(pageCount + 1);
      expect(past).toEqual(await pageOf(pageCount));
      expect(past.page).toBe(pageCount);
    });
  }
});
