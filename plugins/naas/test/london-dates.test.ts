// Dates are London's: an endorsement at 00:30 on 2 July in summer (23:30 UTC on 1 July) is dated 2 July,
// and just after midnight "today" is already the new day for eligibility, the framework in force and
// booking. UTC's date would still say 1 July.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import * as me from "../../../app/routes/me._index";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addOneStatementFramework, candidate, clearJourney, form } from "./support";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

/** 23:30 UTC on 1 July: 00:30 on 2 July in London. */
const JUST_AFTER_MIDNIGHT = "2026-07-01T23:30:00Z";
const justAfterMidnight = () => vi.useFakeTimers({ toFake: ["Date"], now: new Date(JUST_AFTER_MIDNIGHT) });

type Errors = { error: Record<string, string[]> };
type HomePage = { tracks: { track: string; eligible: boolean; framework: { version: string } | null; endorsedOn: string | null; requestedOn: string | null }[] };

const home = () => import("../routes/index");
const homePage = async (account: "practitioner" | "asye") => (await run((await home()).loader, await requestAs(account, "/programmes/naas"))).data as HomePage;
const practitionerTrack = (page: HomePage) => page.tracks.find((t) => t.track === "practitioner")!;

/** Alex's practitioner journey, reset to one candidate row with these endorsement fields. */
async function practitionerCandidate(fields: { endorsement: "endorsed" | null; endorsement_requested_at: string; endorsed_at: string | null }) {
  const alex = await personIdOf("practitioner");
  await clearJourney(alex);
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: alex, track: "practitioner", endorsement_note: null, endorsed_by: null, window_id: null, booked_at: null, outcome: null, outcome_on: null, outcome_by: null, updated_at: JUST_AFTER_MIDNIGHT, ...fields })
    .execute();
  return alex;
}

const endorsementReason = async () => {
  const readiness = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { readiness: { requirementId: string; reason: string }[] }).readiness;
  return readiness.find((r) => r.requirementId === "endorsement")?.reason;
};

describe("the endorsement date in readiness", () => {
  it("is the London date of an endorsement given at 00:30 on 2 July, as the NAAS page says", async () => {
    await practitionerCandidate({ endorsement: "endorsed", endorsement_requested_at: "2026-06-20T09:00:00Z", endorsed_at: JUST_AFTER_MIDNIGHT });
    expect(await endorsementReason()).toBe("Endorsed on 2 July 2026.");
    expect(practitionerTrack(await homePage("practitioner")).endorsedOn).toBe("2 July 2026");
  });

  it("is the London date of a request made at 00:30 on 2 July", async () => {
    await practitionerCandidate({ endorsement: null, endorsement_requested_at: JUST_AFTER_MIDNIGHT, endorsed_at: null });
    expect(await endorsementReason()).toBe("Asked on 2 July 2026; waiting for the manager.");
    expect(practitionerTrack(await homePage("practitioner")).requestedOn).toBe("2 July 2026");
  });
});

describe("London's today just after midnight in summer", () => {
  it("makes someone eligible for the practitioner track on the day they become eligible", async () => {
    // Qualified on 1 July 2024: more than two years have passed from 2 July 2026.
    await db().updateTable("people").set({ qualification_date: "2024-07-01" }).where("id", "=", await personIdOf("asye")).execute();
    justAfterMidnight();
    expect(practitionerTrack(await homePage("asye")).eligible).toBe(true);
  });

  it("no longer offers or books a window whose knowledge assessment is today", async () => {
    const alex = await practitionerCandidate({ endorsement: "endorsed", endorsement_requested_at: "2026-06-20T09:00:00Z", endorsed_at: "2026-06-21T09:00:00Z" });
    const window = (on: string) => ({ track: "practitioner" as const, knowledge_on: on, knowledge_place: "Room", practice_on: "2026-07-09", practice_place: "Centre", capacity: 5, created_at: "2026-06-01T09:00:00Z" });
    const [today] = await naasDb().insertInto("naas_windows").values(window("2026-07-02")).returning("id").execute();
    const [tomorrow] = await naasDb().insertInto("naas_windows").values(window("2026-07-03")).returning("id").execute();
    justAfterMidnight();
    const book = await import("../routes/book");
    const path = "/programmes/naas/book?track=practitioner";
    const offered = ((await run(book.loader, await requestAs("practitioner", path))).data as { windows: { id: number }[] }).windows.map((w) => w.id);
    expect(offered).toContain(tomorrow.id);
    expect(offered).not.toContain(today.id);
    const refused = await run(book.action, await requestAs("practitioner", path, form({ window: String(today.id) })));
    // A window that has started is no change by someone else: a 400, not the 409 of a place taken meanwhile.
    expect(refused.status).toBe(400);
    expect((refused.data as Errors).error).toEqual({ window: ["book.errors.past"] });
    expect((await candidate(alex, "practitioner"))!.window_id).toBeNull();
  });

  // Last: the new framework stays in force for anything after it in this file.
  it("puts a framework in force from its first day", async () => {
    expect(await addOneStatementFramework({ code: "from-2-july", version: "2026", title: "From 2 July", titleCy: "O 2 Gorffennaf", validFrom: "2026-07-02" })).toBe(303);
    justAfterMidnight();
    expect(practitionerTrack(await homePage("practitioner")).framework?.version).toBe("2026");
  });
});
