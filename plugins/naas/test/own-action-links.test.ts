// "Act on this" beside a NAAS readiness item is for the person themself (the core strips the links on
// pages about someone else): each must open, for that person, a NAAS page of their own, at every stage.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as pathway from "../../../app/routes/me.pathway";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { clearJourney, openAs } from "./support";

beforeAll(seedDemo);

const naasLinksOnMe = async () => {
  const items = ((await run(me.loader, await requestAs("practitioner", "/me"))).data as { readiness: { source: string; requirementId: string; actionHref?: string }[] }).readiness;
  return items.filter((i) => i.source === "naas" && i.actionHref).map((i) => ({ requirementId: i.requirementId, href: i.actionHref! }));
};

/** The NAAS requirement's link on /me/pathway, looking at the advanced practitioner stage, which asks for accreditation. */
const naasLinksOnPathway = async () => {
  const page = (await run(pathway.loader, await requestAs("practitioner", "/me/pathway?stage=advanced_practitioner"))).data as { next: { requirements: { key: string; actionHref?: string }[] }[]; explored: { requirements: { key: string; actionHref?: string }[] } | null };
  const requirements = [...page.next, ...(page.explored ? [page.explored] : [])].flatMap((e) => e.requirements);
  return requirements.filter((r) => r.key.startsWith("naas") && r.actionHref).map((r) => ({ requirementId: r.key, href: r.actionHref! }));
};

let alex: number;
let windowId: number;
const now = new Date().toISOString();

/** Alex's place on the practitioner track at one stage of the journey. */
async function alexAt(stage: "none" | "requested" | "endorsed" | "booked" | "not_yet_accredited" | "accredited") {
  await clearJourney(alex);
  if (stage === "none") return;
  const endorsed = stage !== "requested";
  const booked = ["booked", "not_yet_accredited", "accredited"].includes(stage);
  const outcome = stage === "not_yet_accredited" || stage === "accredited" ? stage : null;
  await naasDb()
    .insertInto("naas_candidates")
    .values({ person_id: alex, track: "practitioner", endorsement_requested_at: now, endorsement: endorsed ? "endorsed" : null, endorsement_note: null, endorsed_by: endorsed ? await personIdOf("manager") : null, endorsed_at: endorsed ? now : null, window_id: booked ? windowId : null, booked_at: booked ? now : null, outcome, outcome_on: outcome ? "2026-11-20" : null, outcome_by: null, updated_at: now })
    .execute();
}

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  const [row] = await naasDb().insertInto("naas_windows").values({ track: "practitioner", knowledge_on: "2099-03-01", knowledge_place: "Room", practice_on: "2099-03-08", practice_place: "Centre", capacity: 10, created_at: now }).returning("id").execute();
  windowId = row.id;
});

describe("a practitioner's own NAAS readiness links", () => {
  for (const stage of ["none", "requested", "endorsed", "booked", "not_yet_accredited", "accredited"] as const) {
    it(`each open a page of their own on /me and /me/pathway (${stage})`, async () => {
      await alexAt(stage);
      const [onMe, onPathway] = [await naasLinksOnMe(), await naasLinksOnPathway()];
      expect(onMe.map((l) => l.requirementId).sort()).toEqual(["accreditation-practitioner", "endorsement", "self-assessment"]);
      expect(onPathway.map((l) => l.requirementId)).toEqual(["naas:accreditation-practitioner"]);
      const links = [...onMe, ...onPathway];
      for (const link of links) {
        expect({ ...link, ...(await openAs("practitioner", link.href)) }).toEqual({ ...link, status: 200, location: null });
      }
    });
  }

  it("sends an endorsed person, and one not yet accredited whose endorsement stands, to book", async () => {
    for (const stage of ["endorsed", "not_yet_accredited"] as const) {
      await alexAt(stage);
      const accreditation = (await naasLinksOnMe()).find((l) => l.requirementId === "accreditation-practitioner")!;
      expect(accreditation.href).toBe("/programmes/naas/book?track=practitioner");
      const book = await import("../routes/book");
      expect(((await run(book.loader, await requestAs("practitioner", accreditation.href))).data as { endorsed: boolean }).endorsed).toBe(true);
    }
  });
});
