// Only an awarded degree goes on the CPD record as "completed": a fail writes no entry, and a pass later
// corrected to a fail takes the entry away again, audited in the same transaction as the correction.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { seedDemo } from "../../../tests/support/fixtures";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";
import { sendCompletion } from "./completion-form";

beforeAll(seedDemo);

const CPD_REMOVED = "apprenticeship.completion.cpd_removed";

/** L&D records the completion form on the apprentice's page, through its real action. */
const recordCompletion = (personId: number, fields: Record<string, string>) => sendCompletion(personId, fields);

const degreeEntries = (personId: number) =>
  db().selectFrom("cpd_entries").select(["occurred_on", "title"]).where("person_id", "=", personId).where("source", "=", "apprenticeship").where("source_ref", "=", "degree").execute();

const removals = (personId: number) => db().selectFrom("audit_events").select(["subject_type", "before_json"]).where("person_id", "=", personId).where("action", "=", CPD_REMOVED).execute();

const outcomeOf = async (personId: number) =>
  (await apprenticeshipDb().selectFrom("apprenticeship_completions").select("degree_outcome").where("person_id", "=", personId).executeTakeFirstOrThrow()).degree_outcome;

describe("the degree on the CPD record", () => {
  it("is not written for a failed degree", async () => {
    const [, second] = await apprentices();
    expect((await recordCompletion(second.personId, { gatewayOn: "2026-06-01", degreeOutcome: "fail", degreeOn: "2026-07-15" })).status).toBe(303);
    expect(await outcomeOf(second.personId)).toBe("fail");
    expect(await degreeEntries(second.personId)).toEqual([]);
  });

  it("is removed when a pass is corrected to a fail, and the removal is audited with the correction", async () => {
    const [, , third] = await apprentices();
    const personId = third.personId;
    expect((await recordCompletion(personId, { gatewayOn: "2026-06-01", degreeOutcome: "pass", degreeOn: "2026-07-15" })).status).toBe(303);
    expect(await degreeEntries(personId)).toEqual([{ occurred_on: "2026-07-15", title: "Social Worker Integrated Degree Apprenticeship (BA Social Work) completed" }]);
    // The apprentice has reflected on it, which the removal's audit event must keep.
    await db().updateTable("cpd_entries").set({ learning: "What the degree taught me", practice_impact: "How I practise now", peer_reflection: 1 }).where("person_id", "=", personId).where("source", "=", "apprenticeship").where("source_ref", "=", "degree").execute();

    const correction = { gatewayOn: "2026-06-01", degreeOutcome: "fail", degreeOn: "2026-07-15" };
    // With the removal's audit down, neither the correction nor the removal is stored.
    expect(await failsWhileAuditFails(() => recordCompletion(personId, correction), CPD_REMOVED)).toBe(true);
    expect(await outcomeOf(personId)).toBe("pass");
    expect(await degreeEntries(personId)).toHaveLength(1);

    expect((await recordCompletion(personId, correction)).status).toBe(303);
    expect(await outcomeOf(personId)).toBe("fail");
    expect(await degreeEntries(personId)).toEqual([]);
    const [removal] = await removals(personId);
    expect(removal.subject_type).toBe("cpd_entry");
    expect(JSON.parse(removal.before_json!)).toMatchObject({ occurred_on: "2026-07-15", title: "Social Worker Integrated Degree Apprenticeship (BA Social Work) completed", learning: "What the degree taught me", practice_impact: "How I practise now", peer_reflection: 1 });
    // Saving the fail again finds nothing to remove, and says nothing more.
    expect((await recordCompletion(personId, correction)).status).toBe(303);
    expect(await removals(personId)).toHaveLength(1);
  });
});
