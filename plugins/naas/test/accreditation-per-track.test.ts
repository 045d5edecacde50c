// Practitioners and practice supervisors are assessed against their own statements, so each track's
// accreditation is a pathway requirement of its own: a practitioner's counts towards advanced
// practitioner, a practice supervisor's towards practice supervisor. Someone accredited on one track who
// begins the other keeps the accreditation they hold, whichever track now speaks for them.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as mePathway from "../../../app/routes/me.pathway";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { pathwaysFor } from "../../../app/services/pathway.server";
import { readinessItemsFor } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { rateStatement } from "../server/journey.server";
import { addWindow, placeOnTrack, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

let alex: number;
let asye: number;
let asyeManager: number | null;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  asye = await personIdOf("asye");
  await startAfresh(alex);
  // A senior practitioner: the next stages are advanced practitioner and practice supervisor.
  await db().updateTable("people").set({ career_stage: "senior_practitioner" }).where("id", "=", alex).execute();
  asyeManager ??= (await db().selectFrom("people").select("line_manager_id").where("id", "=", asye).executeTakeFirstOrThrow()).line_manager_id;
  await db().updateTable("people").set({ line_manager_id: asyeManager }).where("id", "=", asye).execute();
});

/** Alex accredited on the practitioner track, on an assessment long past. */
async function accreditedAsPractitioner() {
  const window = await addWindow({ knowledgeOn: "2026-01-01", practiceOn: "2026-01-08" });
  await placeOnTrack(alex, { window_id: window, booked_at: "2025-12-01T10:00:00.000Z", outcome: "accredited", outcome_on: "2026-01-20" });
}

/** Alex starts supervising someone and rates a practice supervisor statement: that track now speaks for them. */
async function startsSupervising() {
  await db().updateTable("people").set({ line_manager_id: alex }).where("id", "=", asye).execute();
  const [first] = await statementIds("kss-supervisor");
  await rateStatement(alex, first, 2, SYSTEM_ACTOR);
}

/** NAAS's readiness items for a person, "requirement=status", and the track that speaks for them. */
async function naasItems(personId: number) {
  const items = (await readinessItemsFor([personId], "en-GB")).get(personId)!.filter((i) => i.source === "naas");
  return { mainTrack: items.find((i) => i.requirementId === "eligibility")?.values?.track, items: Object.fromEntries(items.map((i) => [i.requirementId, i.status])) };
}

/** Each next stage's NAAS requirements, as the pathway shows them. */
async function naasOnPathway(personId: number) {
  const pathway = (await pathwaysFor([personId], "en-GB")).get(personId)!;
  return Object.fromEntries(pathway.next.map((e) => [e.stage.code, e.requirements.filter((r) => r.key.startsWith("naas:")).map((r) => `${r.key}=${r.status}`)]));
}

describe("a practitioner's accreditation", () => {
  it("meets the advanced practitioner stage's requirement, and not the practice supervisor stage's", async () => {
    await accreditedAsPractitioner();
    expect(await naasItems(alex)).toMatchObject({ mainTrack: "practitioner", items: { "accreditation-practitioner": "met" } });
    expect((await naasItems(alex)).items).not.toHaveProperty("accreditation-supervisor");
    expect(await naasOnPathway(alex)).toEqual({
      advanced_practitioner: ["naas:accreditation-practitioner=met"],
      practice_supervisor: ["naas:accreditation-supervisor=not_met"],
    });
  });

  it("stays met once they supervise and begin the practice supervisor track", async () => {
    await accreditedAsPractitioner();
    await startsSupervising();
    const { mainTrack, items } = await naasItems(alex);
    expect(mainTrack).toBe("supervisor");
    expect(items).toMatchObject({ "accreditation-practitioner": "met", "accreditation-supervisor": "not_met" });
    expect(await naasOnPathway(alex)).toEqual({
      advanced_practitioner: ["naas:accreditation-practitioner=met"],
      practice_supervisor: ["naas:accreditation-supervisor=not_met"],
    });
  });

  it("is worded, labelled with its track and linked on the person's own pathway page", async () => {
    await accreditedAsPractitioner();
    await startsSupervising();
    const page = (await run(mePathway.loader, await requestAs("practitioner", "/me/pathway"))).data as { next: { code: string; requirements: { key: string; label: string; reason: string; actionHref?: string }[] }[] };
    const advanced = page.next.find((e) => e.code === "advanced_practitioner")!.requirements.find((r) => r.key === "naas:accreditation-practitioner");
    expect(advanced).toMatchObject({ label: "NAAS assessment (child and family practitioner)", reason: "Accredited on 20 January 2026.", actionHref: "/programmes/naas#track-practitioner" });
    const supervisor = page.next.find((e) => e.code === "practice_supervisor")!.requirements.find((r) => r.key === "naas:accreditation-supervisor");
    expect(supervisor).toMatchObject({ label: "NAAS assessment (practice supervisor)", reason: "Not booked." });
  });
});

describe("a practice supervisor's accreditation", () => {
  it("meets the practice supervisor stage's requirement only, beside a practitioner track begun, for several people read at once", async () => {
    await startsSupervising();
    const window = await addWindow({ track: "supervisor", knowledgeOn: "2026-02-01", practiceOn: "2026-02-08" });
    await placeOnTrack(alex, { track: "supervisor", window_id: window, booked_at: "2026-01-10T10:00:00.000Z", outcome: "accredited", outcome_on: "2026-02-20" });
    // A place asked for on the practitioner track too: its accreditation is reported, not yet met.
    await placeOnTrack(alex, { track: "practitioner", endorsement: null, endorsed_by: null, endorsed_at: null });
    const manager = await personIdOf("manager");
    const both = await readinessItemsFor([alex, manager, asye], "en-GB");
    const accreditations = (id: number) => both.get(id)!.filter((i) => i.source === "naas" && i.requirementId.startsWith("accreditation")).map((i) => `${i.requirementId}=${i.status}`);
    expect(accreditations(alex)).toEqual(["accreditation-practitioner=not_met", "accreditation-supervisor=met"]);
    // Others read in the same batch have their own: the manager their main track's, someone on neither none.
    expect(accreditations(manager)).toEqual([expect.stringMatching(/^accreditation-(practitioner|supervisor)=not_met$/)]);
    expect(accreditations(asye)).toEqual([]);
    expect(await naasOnPathway(alex)).toEqual({
      advanced_practitioner: ["naas:accreditation-practitioner=not_met"],
      practice_supervisor: ["naas:accreditation-supervisor=met"],
    });
  });
});
