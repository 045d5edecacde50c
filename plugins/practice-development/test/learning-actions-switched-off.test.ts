// A learning action offering places on a cohort names a cohort of a programme that is switched on: once an
// admin switches a programme off, its upcoming cohorts are neither offered on the finding's page nor
// accepted from a posted form, as a suggested course from a switched-off programme is not.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { setPluginEnabled } from "../../../app/services/programmes.server";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, findingRequest, inDays, seedWithSampleTeams, type Errors } from "./audit-requests";

let teamA: number;
let audit: number;
let finding: number;
let leadershipCohort: number;

const params = () => ({ auditId: String(audit), findingId: String(finding) });
const cohortChoices = async () => {
  const outcome = await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), params());
  expect(outcome.status).toBe(200);
  return (outcome.data as { cohorts: { value: string }[] }).cohorts.map((c) => c.value);
};

beforeAll(async () => {
  ({ teamA } = await seedWithSampleTeams());
  audit = await createAudit({ title: "Switched-off programme" });
  finding = await addFinding(audit, { team: String(teamA) });
  leadershipCohort = (await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").where("starts_on", ">", inDays(0)).orderBy("starts_on").executeTakeFirstOrThrow()).id;
});

describe("learning actions on a switched-off programme's cohort", () => {
  it("offers the cohort while its programme is on", async () => {
    expect(await cohortChoices()).toContain(String(leadershipCohort));
  });

  it("neither offers nor accepts it once the programme is switched off, and stores nothing", async () => {
    await setPluginEnabled("leadership", false, SYSTEM_ACTOR);
    try {
      expect(await cohortChoices()).not.toContain(String(leadershipCohort));
      const outcome = await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", kind: "cohort", dueOn: inDays(30), cohort: String(leadershipCohort), teams: [String(teamA)] }), params());
      expect(outcome.status).toBe(400);
      expect((outcome.data as Errors).errors).toEqual({ cohort: "audits.errors.cohort" });
      expect(await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", finding).execute()).toEqual([]);
      expect(await db().selectFrom("audit_events").select("id").where("action", "=", "practice-development.audit.action-raised").execute()).toEqual([]);
    } finally {
      await setPluginEnabled("leadership", true, SYSTEM_ACTOR);
    }
  });
});
