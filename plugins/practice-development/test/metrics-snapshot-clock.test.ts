// The daily snapshot of the key-metrics pack's "taken now" figures is read at the snapshot's own moment:
// the core passes it to each plugin as its context's clock, and practice development's open and overdue
// learning actions are counted by it. Before, the plugin read the wall clock, so a snapshot taken for an
// earlier moment (a late or re-run job) counted an action overdue that was not yet overdue then.
// Through the real snapshot job on a migrated, seeded database.
import { beforeAll, describe, expect, it } from "vitest";
import { ALL_SCOPE, recordMetricSnapshots } from "../../../app/services/metrics/metrics.server";
import { quarterOf } from "../../../app/services/metrics/quarters";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { auditDb } from "../server/audits/db.server";
import { addFinding, createAudit, inDays, raise, seedWithSampleTeams } from "./audit-requests";

const DAY = 86_400_000;

beforeAll(async () => {
  await seedWithSampleTeams();
});

/** Open learning actions due before `today`, as the figure should count them then. */
async function overdueOn(today: string) {
  const open = await auditDb().selectFrom("practice_development_audit_actions").select("due_on").where("status", "=", "open").execute();
  return open.filter((a) => a.due_on < today).length;
}

async function snapshotOfOverdue(at: Date) {
  await recordMetricSnapshots(at);
  const row = await db()
    .selectFrom("metric_snapshots")
    .select("value")
    .where("quarter", "=", quarterOf(londonToday(at)).key)
    .where("scope_key", "=", ALL_SCOPE)
    .where("metric_key", "=", "practice-development:audit-actions.overdue")
    .executeTakeFirstOrThrow();
  return row.value;
}

describe("the snapshot of practice development's overdue learning actions", () => {
  it("counts what was overdue at the snapshot's moment, not at the clock's", async () => {
    const audit = await createAudit();
    const finding = await addFinding(audit);
    const rollout = await auditDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow();
    const action = await raise(audit, finding, { kind: "rollout", rollout: String(rollout.id) });
    await auditDb().updateTable("practice_development_audit_actions").set({ due_on: inDays(-1) }).where("id", "=", action.id).execute();
    const threeDaysAgo = new Date(Date.now() - 3 * DAY);
    // Due yesterday: overdue now, not three days ago; so the two counts differ by at least this action.
    expect(await overdueOn(londonToday(threeDaysAgo))).toBeLessThan(await overdueOn(londonToday()));

    expect(await snapshotOfOverdue(threeDaysAgo)).toBe(await overdueOn(londonToday(threeDaysAgo)));
    expect(await snapshotOfOverdue(new Date())).toBe(await overdueOn(londonToday()));
  });
});
