// Every NAAS change is written in one transaction with its audit event: while the audit cannot be written,
// the change is refused and nothing of it is stored.
import { beforeAll, describe, expect, it } from "vitest";
import { offerEvidence } from "../../../app/services/evidence.server";
import { db } from "../../../app/utils/db.server";
import { failsWhileAuditFails } from "../../../tests/support/failing-audit";
import { countRows, personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { naasDb } from "../server/db.server";
import { addFramework, saveMappings } from "../server/frameworks.server";
import { addEvidence, decideEndorsement, decideOffer, rateStatement, requestEndorsement, reviewStatement } from "../server/journey.server";
import { createWindow } from "../server/windows.server";
import { candidate, clearJourney, shownRatings, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };

const tableSizes = async () => {
  const count = async (table: "naas_ratings" | "naas_evidence" | "naas_candidates" | "naas_offer_decisions" | "naas_frameworks" | "naas_statements" | "naas_statement_maps" | "naas_windows" | "notices") =>
    Number((await naasDb().selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    ratings: await count("naas_ratings"),
    evidence: await count("naas_evidence"),
    candidates: await count("naas_candidates"),
    offerDecisions: await count("naas_offer_decisions"),
    frameworks: await count("naas_frameworks"),
    statements: await count("naas_statements"),
    maps: await count("naas_statement_maps"),
    windows: await count("naas_windows"),
    notices: await count("notices"),
    audit: await countRows("audit_events"),
  };
};

describe("while the audit cannot be written", () => {
  it("stores none of the journey's changes: rating, evidence, offers, review, endorsement", async () => {
    const alex = await personIdOf("practitioner");
    const [first, second] = await statementIds("kss-practitioner");
    await clearJourney(alex);
    await rateStatement(alex, second, 3, SYSTEM);
    await requestEndorsement(alex, "practitioner", SYSTEM);
    await offerEvidence({ personId: alex, source: "leadership", sourceRef: "course:audit-down", statementRefs: ["kss-practitioner:1"], title: "A course", occurredOn: "2026-10-01" });
    const offer = await db().selectFrom("evidence_offers").select("id").where("source_ref", "=", "course:audit-down").executeTakeFirstOrThrow();
    const before = await tableSizes();
    const asked = await candidate(alex, "practitioner");
    const shown = await shownRatings(alex);

    expect(await failsWhileAuditFails(() => rateStatement(alex, first, 4, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => addEvidence(alex, first, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => decideOffer(alex, first, offer.id, "accepted", SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => decideOffer(alex, first, offer.id, "dismissed", SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => reviewStatement(alex, second, { review: "differ", rating: 2, comment: "Not yet.", shownRating: 3 }, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => decideEndorsement(alex, "practitioner", { decision: "endorsed", note: "Ready.", shownRatings: shown }, SYSTEM))).toBe(true);
    expect(await failsWhileAuditFails(() => requestEndorsement(alex, "supervisor", SYSTEM))).toBe(true);

    expect(await tableSizes()).toEqual(before);
    expect(await naasDb().selectFrom("naas_ratings").select(["self_rating", "review"]).where("person_id", "=", alex).where("statement_id", "=", second).executeTakeFirst()).toEqual({ self_rating: 3, review: null });
    expect(await candidate(alex, "practitioner")).toEqual(asked);
    expect(asked).toMatchObject({ endorsement: null });
    expect(await candidate(alex, "supervisor")).toBeUndefined();
  });

  it("adds no framework and changes no mapping", async () => {
    const before = await tableSizes();
    const framework = { code: "audit-down", track: "practitioner" as const, version: "2030", title: "Standards", titleCy: "Safonau", validFrom: "2030-04-01", validTo: null, statements: [{ number: 1, title: "One", titleCy: "Un" }] };
    expect(await failsWhileAuditFails(() => addFramework(framework, SYSTEM))).toBe(true);
    expect(await tableSizes()).toEqual(before);

    const added = await addFramework(framework, SYSTEM);
    if (!added.ok) throw new Error(added.error);
    const [target] = await statementIds("audit-down", "2030");
    const [old] = await statementIds("kss-practitioner");
    const mapped = await tableSizes();
    expect(await failsWhileAuditFails(() => saveMappings(added.id, new Map([[target, [old]]]), SYSTEM))).toBe(true);
    expect(await tableSizes()).toEqual(mapped);
  });

  it("adds no assessment window", async () => {
    const before = await tableSizes();
    const window = { track: "practitioner" as const, knowledgeOn: "2099-02-01", knowledgePlace: "Room", practiceOn: "2099-02-08", practicePlace: "Centre", capacity: 10 };
    expect(await failsWhileAuditFails(() => createWindow(window, SYSTEM))).toBe(true);
    expect(await tableSizes()).toEqual(before);
  });
});
