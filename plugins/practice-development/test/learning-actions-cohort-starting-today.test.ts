// A learning action offering places on a cohort names one not yet started. A cohort starting today has
// started, as everywhere else in the portal (a manager can no longer approve a place on it): it was offered
// on the finding's page and accepted from a posted form, so the audit tracked an action nobody could carry
// out. It is now neither offered nor accepted, and nothing is stored; a cohort starting tomorrow still is.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, findingRequest, inDays, seedWithSampleTeams, type Errors } from "./audit-requests";

let teamA: number;
let audit: number;
let finding: number;
let startsToday: number;
let startsTomorrow: number;

const params = () => ({ auditId: String(audit), findingId: String(finding) });
const cohortChoices = async () => {
  const outcome = await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), params());
  expect(outcome.status).toBe(200);
  return (outcome.data as { cohorts: { value: string }[] }).cohorts.map((c) => c.value);
};
const raiseOn = async (cohort: number) => run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", kind: "cohort", dueOn: inDays(30), cohort: String(cohort), teams: [String(teamA)] }), params());

async function leadershipCohortStarting(name: string, startsOn: string) {
  const now = new Date().toISOString();
  const [row] = await db()
    .insertInto("cohorts")
    .values({ programme_id: "leadership", name, starts_on: startsOn, ends_on: inDays(200), capacity: 20, requires_manager_approval: 0, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  return row.id;
}

beforeAll(async () => {
  ({ teamA } = await seedWithSampleTeams());
  audit = await createAudit({ title: "Cohort starting today" });
  finding = await addFinding(audit, { team: String(teamA) });
  // Named to sort first among the cohorts offered, so the choice list's limit cannot hide either.
  startsToday = await leadershipCohortStarting("AAA starts today", inDays(0));
  startsTomorrow = await leadershipCohortStarting("AAA starts tomorrow", inDays(1));
});

describe("a learning action's cohort", () => {
  it("is not offered when it starts today, and is when it starts tomorrow", async () => {
    const offered = await cohortChoices();
    expect(offered).not.toContain(String(startsToday));
    expect(offered).toContain(String(startsTomorrow));
  });

  it("is refused beside the cohort when it starts today, storing nothing", async () => {
    const outcome = await raiseOn(startsToday);
    expect(outcome.status).toBe(400);
    expect((outcome.data as Errors).errors).toEqual({ cohort: "audits.errors.cohort" });
    expect(await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", finding).execute()).toEqual([]);
  });
});
