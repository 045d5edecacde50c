// The accreditation is on the person's CPD record while, and only while, their outcome is accredited: an
// outcome corrected to "not yet accredited", or cleared by a new booking, takes the entry with it, in the
// same transaction, audited as it was (with any reflection the person had added).
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as cpdYear from "../../../app/routes/me.cpd.year.$year";
import { reflectOnCpdEntry } from "../../../app/services/cpd.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { accreditationRef, outcomeTitles } from "../server/journey.server";
import { addWindow, form, placeOnTrack, startAfresh } from "./support";

beforeAll(seedDemo);

const REFLECTION = { learning: "What the assessment asked of my practice.", practiceImpact: "I plan direct work more carefully.", peerReflection: "no" as const };

let alex: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  auditBefore = await startAfresh(alex);
});

const accreditationEntry = () => db().selectFrom("cpd_entries").selectAll().where("person_id", "=", alex).where("source", "=", "naas").executeTakeFirst();

const auditSince = async () =>
  (await db().selectFrom("audit_events").select(["action", "subject_type", "before_json"]).where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "like", "naas.%").orderBy("id").execute()).map((e) => ({
    action: e.action,
    subject: e.subject_type,
    before: e.before_json ? JSON.parse(e.before_json) : null,
  }));

async function recordOutcome(outcome: "accredited" | "not_yet_accredited") {
  const person = await import("../routes/people.$personId");
  const fields = { intent: "outcome", outcome, outcomeOn: "2026-09-20" };
  return (await run(person.action, await requestAs("ld", `/programmes/naas/people/${alex}?track=practitioner`, form(fields)), { personId: String(alex) })).status;
}

/** The titles on Alex's own CPD record for the registration year the outcome falls in. */
async function cpdRecordTitles() {
  const page = await run(cpdYear.loader, await requestAs("practitioner", "/me/cpd/year/2025-2026"), { year: "2025-2026" });
  return (page.data as { entries: { title: string }[] }).entries.map((e) => e.title);
}

describe("an accreditation's CPD entry", () => {
  it("leaves the person's CPD record when the outcome is corrected to not yet accredited, audited with their reflection", async () => {
    const window = await addWindow({ knowledgeOn: "2026-09-01" });
    await placeOnTrack(alex, { window_id: window, booked_at: new Date().toISOString() });
    expect(await recordOutcome("accredited")).toBe(303);
    const entry = (await accreditationEntry())!;
    expect(await cpdRecordTitles()).toContain(outcomeTitles("practitioner").title);
    expect(await reflectOnCpdEntry({ userId: null, personId: alex }, alex, entry.id, REFLECTION)).toBe("done");

    expect(await recordOutcome("not_yet_accredited")).toBe(303);

    expect(await accreditationEntry()).toBeUndefined();
    expect(await cpdRecordTitles()).not.toContain(outcomeTitles("practitioner").title);
    const events = await auditSince();
    expect(events.map((e) => e.action)).toEqual(["naas.outcome.accredited", "naas.outcome.not_yet_accredited", "naas.outcome.cpd_removed"]);
    expect(events[2]).toMatchObject({ subject: "cpd_entry", before: { id: entry.id, title: entry.title, occurred_on: "2026-09-20", learning: REFLECTION.learning, practice_impact: REFLECTION.practiceImpact } });

    // Corrected back, it is on the record again.
    expect(await recordOutcome("accredited")).toBe(303);
    expect(await accreditationEntry()).toMatchObject({ source_ref: accreditationRef("practitioner"), occurred_on: "2026-09-20" });
  });

  it("leaves the person's CPD record when a new booking clears the outcome it outlived", async () => {
    // An entry left behind by a correction recorded before corrections took it off the record.
    const sat = await addWindow({ knowledgeOn: "2026-09-01" });
    const next = await addWindow();
    await placeOnTrack(alex, { window_id: sat, booked_at: new Date().toISOString(), outcome: "not_yet_accredited", outcome_on: "2026-09-20" });
    await db()
      .insertInto("cpd_entries")
      .values({ person_id: alex, source: "naas", source_ref: accreditationRef("practitioner"), ...outcomeTitles("practitioner"), occurred_on: "2026-09-20", hours: 0, reflection: null, created_at: new Date().toISOString() })
      .execute();

    const book = await import("../routes/book");
    expect((await run(book.action, await requestAs("practitioner", "/programmes/naas/book?track=practitioner", form({ window: String(next) })))).status).toBe(303);

    expect(await naasDb().selectFrom("naas_candidates").select(["window_id", "outcome"]).where("person_id", "=", alex).executeTakeFirst()).toEqual({ window_id: next, outcome: null });
    expect(await accreditationEntry()).toBeUndefined();
    expect((await auditSince()).map((e) => e.action)).toEqual(["naas.booked", "naas.outcome.cpd_removed"]);
  });
});
