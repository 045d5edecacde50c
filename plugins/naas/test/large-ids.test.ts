// Ids posted in forms beyond what an integer column holds: refused next to the field, never looked up
// (PostgreSQL answers "out of range for type integer" rather than "not found"), and nothing stored.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { candidate, form, statementIds } from "./support";

beforeAll(seedDemo);

const TOO_LARGE = "3000000000";
type Errors = { error: Record<string, string[]> };

describe("an id too large for the database", () => {
  it("is refused as an offer on the statement page, deciding nothing", async () => {
    const { action } = await import("../routes/statements.$statementId");
    const alex = await personIdOf("practitioner");
    const [first] = await statementIds("kss-practitioner");
    const evidenceBefore = await naasDb().selectFrom("naas_evidence").select("id").where("person_id", "=", alex).execute();
    const refused = await run(action, await requestAs("practitioner", `/programmes/naas/statements/${first}`, form({ intent: "offer", offer: TOO_LARGE, decision: "accepted" })), { statementId: String(first) });
    expect(refused.status).toBe(400);
    expect((refused.data as { reply: Errors }).reply.error).toMatchObject({ offer: ["errors.offer"] });
    expect(await naasDb().selectFrom("naas_offer_decisions").select("offer_id").execute()).toEqual([]);
    expect(await naasDb().selectFrom("naas_evidence").select("id").where("person_id", "=", alex).execute()).toEqual(evidenceBefore);
  });

  it("is refused as a window on the booking page, booking nothing", async () => {
    const { action } = await import("../routes/book");
    const alex = await personIdOf("practitioner");
    const now = new Date().toISOString();
    await naasDb().insertInto("naas_candidates").values({ person_id: alex, track: "practitioner", endorsement_requested_at: now, endorsement: "endorsed", endorsement_note: null, endorsed_by: null, endorsed_at: now, window_id: null, booked_at: null, outcome: null, outcome_on: null, outcome_by: null, updated_at: now }).execute();
    const refused = await run(action, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: TOO_LARGE })));
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).error).toEqual({ window: ["book.errors.window"] });
    expect((await candidate(alex, "practitioner"))!.window_id).toBeNull();
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "naas.booked").where("person_id", "=", alex).execute()).toEqual([]);
  });
});
