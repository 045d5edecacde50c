// An assessment's outcome and the notice that tells the person of it are written together: an outcome is
// never kept without its notice, and a notice that cannot be written refuses the outcome.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { whileNoticesFail } from "../../../tests/support/failing-notices";
import { candidate, clearJourney, form } from "./support";

beforeAll(seedDemo);

let alex: number;

/** Alex endorsed and booked into a window, as the journey leaves them before their assessment. */
beforeEach(async () => {
  alex = await personIdOf("practitioner");
  await clearJourney(alex);
  await db().deleteFrom("notices").where("person_id", "=", alex).execute();
  await db().deleteFrom("cpd_entries").where("person_id", "=", alex).where("source", "=", "naas").execute();
  const now = new Date().toISOString();
  const [window] = await naasDb().insertInto("naas_windows").values({ track: "practitioner", knowledge_on: "2026-11-01", knowledge_place: "Room", practice_on: "2026-11-08", practice_place: "Centre", capacity: 10, created_at: now }).returning("id").execute();
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: alex, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: await personIdOf("manager"), endorsed_at: now, window_id: window.id, booked_at: now, outcome: null, outcome_on: null, outcome_by: null, updated_at: now })
    .execute();
});

async function recordAccreditation() {
  const { action } = await import("../routes/people.$personId");
  const path = `/programmes/naas/people/${alex}?track=practitioner`;
  return run(action, await requestAs("ld", path, form({ intent: "outcome", outcome: "accredited", outcomeOn: "2026-11-20" })), { personId: String(alex) });
}

const noticesOfAlex = async () => ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { notices: { text: string }[] }).notices.map((n) => n.text);
const cpdEntriesOfAlex = () => db().selectFrom("cpd_entries").select("id").where("person_id", "=", alex).where("source", "=", "naas").execute();
const outcomeEvents = () => db().selectFrom("audit_events").select("id").where("person_id", "=", alex).where("action", "like", "naas.outcome.%").execute();

describe("recording an assessment's outcome", () => {
  it("tells the person in the same change", async () => {
    expect((await recordAccreditation()).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: "accredited", outcome_on: "2026-11-20" });
    expect(await noticesOfAlex()).toContain("Congratulations: you are accredited.");
  });

  it("stores no outcome, CPD entry or audit event when the notice cannot be written", async () => {
    const eventsBefore = (await outcomeEvents()).length;

    await expect(whileNoticesFail(recordAccreditation)).rejects.toThrow(/notices down/);

    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: null, outcome_on: null, outcome_by: null });
    expect(await cpdEntriesOfAlex()).toEqual([]);
    expect(await outcomeEvents()).toHaveLength(eventsBefore);
    expect(await noticesOfAlex()).toEqual([]);
  });
});
