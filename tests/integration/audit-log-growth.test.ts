// The audit log only grows (every change is audited), so /admin/audit counts and pages through at most
// the newest AUDIT_LISTED_MAX matching events, says when there are more, and reaches older ones by filter.
import { beforeAll, describe, expect, it } from "vitest";
import * as audit from "../../app/routes/admin.audit";
import { AUDIT_LISTED_MAX, AUDIT_PAGE_SIZE, listAuditEvents } from "../../app/services/audit.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const FLOOD = AUDIT_LISTED_MAX + 25;

beforeAll(async () => {
  await seedDemo();
  // The flood is older than anything the seed wrote, one a minute from 2020.
  const start = Date.parse("2020-01-01T00:00:00Z");
  const rows = Array.from({ length: FLOOD }, (_, i) => ({ occurred_at: new Date(start + i * 60_000).toISOString(), actor_user_id: null, actor_person_id: null, action: "test.flood", subject_type: "test", subject_id: String(i), person_id: null, before_json: null, after_json: null }));
  for (let i = 0; i < rows.length; i += 500) await db().insertInto("audit_events").values(rows.slice(i, i + 500)).execute();
});

interface AuditPage {
  total: number;
  moreThan: string | null;
  page: number;
  pageCount: number;
  events: { action: string; subject: string }[];
}

const pageOf = async (query: string) => {
  const outcome = await run(audit.loader, await requestAs("admin", `/admin/audit${query}`));
  expect(outcome.status).toBe(200);
  return outcome.data as AuditPage;
};

describe("an audit log longer than the list", () => {
  it("says more than the listed number match, and pages through the newest of them only", async () => {
    const first = await pageOf("");
    expect(first).toMatchObject({ total: AUDIT_LISTED_MAX, moreThan: "10,000", page: 1, pageCount: AUDIT_LISTED_MAX / AUDIT_PAGE_SIZE });
    // A page past the list shows its last page, not an empty one.
    const deep = await pageOf("?page=5000");
    expect(deep).toMatchObject({ page: AUDIT_LISTED_MAX / AUDIT_PAGE_SIZE, moreThan: "10,000" });
    expect(deep.events).toHaveLength(AUDIT_PAGE_SIZE);
  });

  it("reaches older events by narrowing the dates, counted exactly when they fit", async () => {
    const day = await pageOf("?from=2020-01-01&to=2020-01-01");
    // 00:00 to 23:59 London time on 1 January (GMT): 1,440 of the flood's minutes.
    expect(day).toMatchObject({ total: 1440, moreThan: null, pageCount: Math.ceil(1440 / AUDIT_PAGE_SIZE) });
    expect(day.events[0]).toMatchObject({ action: "test.flood", subject: "test 1439" });
  });

  it("counts no further than the list, whatever the log's length", async () => {
    const statements: string[] = [];
    const stop = observeQueries((s) => statements.push(s));
    try {
      const listed = await listAuditEvents({ action: "test.flood" }, 1);
      expect(listed).toMatchObject({ total: AUDIT_LISTED_MAX, more: true });
    } finally {
      stop();
    }
    expect(statements.find((s) => /count\(\*\)/i.test(s))).toMatch(/limit (\?|\$\d+)/i);
  });
});
