// What changed since the previous audit of the same theme, through the real loaders and actions on a
// migrated, seeded database, against hand-worked expectations: ratings per practice area, and the previous
// audit's actions with their status.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { compareRatings } from "../server/audits/changes.server";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, findingRequest, inDays, raise, seedWithSampleTeams } from "./audit-requests";

let teamA: number;
let teamB: number;

beforeAll(async () => {
  ({ teamA, teamB } = await seedWithSampleTeams());
});

describe("what changed since the previous audit of the same theme", () => {
  it("compares ratings per practice area and lists the previous audit's actions with their status", async () => {
    // Assessments, 100 days ago: reflective discussion inadequate; recording of decisions requires
    // improvement in one team and good in another (worst: requires improvement); the child's voice good;
    // planning requires improvement.
    const first = await createAudit({ theme: "assessments", title: "Assessments one", heldOn: inDays(-100) });
    const reflective = await addFinding(first, { practiceArea: "Reflective discussion", rating: "inadequate" });
    await addFinding(first, { practiceArea: "Recording of decisions", rating: "requires_improvement", team: String(teamA) });
    await addFinding(first, { practiceArea: "Recording of decisions", rating: "good", team: String(teamB) });
    await addFinding(first, { practiceArea: "The child's voice", rating: "good" });
    const planning = await addFinding(first, { practiceArea: "Planning", rating: "requires_improvement" });
    const done = await raise(first, reflective, { kind: "rollout", rollout: String((await auditDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id) });
    const stillOpen = await raise(first, planning, { kind: "cohort", cohort: String((await db().selectFrom("cohorts").select("id").where("starts_on", ">=", inDays(0)).orderBy("starts_on").executeTakeFirstOrThrow()).id), teams: [String(teamA)] });
    expect((await run(findingPage.action, await findingRequest(first, reflective, { intent: "close", action: String(done.id), note: "Rollout reached its target." }), { auditId: String(first), findingId: String(reflective) })).status).toBe(302);
    // A permanence audit in between, and a later assessments audit, are not "the previous" one.
    await createAudit({ theme: "permanence", title: "Permanence between", heldOn: inDays(-50) });
    const second = await createAudit({ theme: "assessments", title: "Assessments two", heldOn: inDays(-10) });
    await createAudit({ theme: "assessments", title: "Assessments three", heldOn: inDays(-2) });
    // Ten days ago: reflective discussion requires improvement (better); recording of decisions requires
    // improvement (the same); the child's voice inadequate (worse); chronologies good (new); planning
    // not looked at.
    await addFinding(second, { practiceArea: "  reflective   DISCUSSION ", rating: "requires_improvement" });
    await addFinding(second, { practiceArea: "Recording of decisions", rating: "requires_improvement" });
    await addFinding(second, { practiceArea: "The child's voice", rating: "inadequate" });
    await addFinding(second, { practiceArea: "Chronologies", rating: "good" });

    const page = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${second}`), { auditId: String(second) })).data as {
      changes: { previous: { id: number }; ratings: { area: string; previous: string | null; current: string | null; change: string }[]; actions: { id: number; status: string; overdue: boolean }[] };
    };
    expect(page.changes.previous.id).toBe(first);
    expect(page.changes.ratings).toEqual([
      { area: "Chronologies", previous: null, current: "good", change: "new" },
      { area: "Planning", previous: "requires_improvement", current: null, change: "not_reaudited" },
      { area: "Recording of decisions", previous: "requires_improvement", current: "requires_improvement", change: "same" },
      { area: "reflective   DISCUSSION", previous: "inadequate", current: "requires_improvement", change: "better" },
      { area: "The child's voice", previous: "good", current: "inadequate", change: "worse" },
    ]);
    expect(page.changes.actions.map((a) => [a.id, a.status]).sort()).toEqual([[done.id, "done"], [stillOpen.id, "open"]].sort());
    const firstPage = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${first}`), { auditId: String(first) })).data as { changes: unknown };
    expect(firstPage.changes).toBeNull();
  });

  it("takes the worst rating where an area was rated more than once", () => {
    expect(compareRatings([{ practice_area: "A", rating: "good" }, { practice_area: "a", rating: "inadequate" }], [{ practice_area: "A ", rating: "good" }, { practice_area: "A", rating: "requires_improvement" }])).toEqual([{ area: "A", previous: "inadequate", current: "requires_improvement", change: "better" }]);
  });
});
