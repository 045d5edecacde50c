// An extension clears the assessor's recommendation and adds to the year's weeks, and a decision made after
// it overwrites the extension's date and note: each decision's audit event keeps what it replaced, so the
// trail can say what the recommendation was and how long the year had been, through the real routes.
// Each extension asks for a fresh final review, of the extended year, before the assessor recommends again.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, endedYear, form, recordFinalReview, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;

async function recommendAs(year: Year, recommendation: string, note: string) {
  const { action } = await yearRoute();
  expect((await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation, note })), year.params)).status).toBe(303);
}

async function decideAs(year: Year, fields: Record<string, string>) {
  const { action } = await yearRoute();
  expect((await run(action, await requestAs("admin", year.path, form(await asDecidedOnThePage(year, { intent: "decision", decidedOn: today(), ...fields }, "admin"))), year.params)).status).toBe(303);
}

/** The year's decision events, oldest first, with what each says it replaced and made. */
async function decisionEvents(year: Year) {
  const events = await db().selectFrom("audit_events").select(["action", "before_json", "after_json"]).where("subject_type", "=", "asye_year").where("subject_id", "=", String(year.yearId)).where("action", "like", "asye.decision.%").orderBy("id").execute();
  return events.map((e) => ({ action: e.action, before: JSON.parse(e.before_json ?? "null"), after: JSON.parse(e.after_json ?? "null") }));
}

/** Moves the year's start back far enough that its extended end has passed, so the assessor may recommend again. */
const pastTheExtendedEnd = (year: Year, startsOn: string) => asyeDb().updateTable("asye_years").set({ starts_on: plusDays(startsOn, -120) }).where("id", "=", year.yearId).execute();

describe("the audit of an extension", () => {
  it("keeps the recommendation it clears and the weeks the year held, and a later decision keeps the extension it replaces", async () => {
    const assessor = await personIdOf("practitioner");
    const admin = await personIdOf("admin");
    const year = await endedYear(assessor, "E-EXT-AUDIT-1");
    await recommendAs(year, "extend", "Two written reports still to assess.");
    const recommended = (await yearById(year.yearId))!.year;

    await decideAs(year, { decision: "extend", note: "Agreed: eight more weeks.", extensionWeeks: "8" });

    const [extension] = await decisionEvents(year);
    expect(extension).toEqual({
      action: "asye.decision.extend",
      before: { recommendation: "extend", decision: null, recommendationNote: "Two written reports still to assess.", recommendedBy: assessor, recommendedAt: recommended.recommended_at, totalExtensionWeeks: 0 },
      after: { decision: "extend", decidedOn: today(), note: "Agreed: eight more weeks.", extensionWeeks: 8, recommendation: null, totalExtensionWeeks: 8 },
    });

    // A second extension adds to the weeks held, and replaces the first's recommendation and decision.
    await pastTheExtendedEnd(year, recommended.starts_on);
    await recordFinalReview(year);
    await recommendAs(year, "extend", "One report is still outstanding.");
    const again = (await yearById(year.yearId))!.year;
    await decideAs(year, { decision: "extend", note: "Agreed: four more weeks.", extensionWeeks: "4" });

    const second = (await decisionEvents(year))[1];
    expect(second.before).toEqual({
      recommendation: "extend",
      decision: "extend",
      decidedOn: today(),
      note: "Agreed: eight more weeks.",
      decidedBy: admin,
      recommendationNote: "One report is still outstanding.",
      recommendedBy: assessor,
      recommendedAt: again.recommended_at,
      totalExtensionWeeks: 8,
    });
    expect(second.after).toMatchObject({ extensionWeeks: 4, totalExtensionWeeks: 12, recommendation: null });

    // The pass at the end keeps the recommendation (it is not cleared) and says which extension it replaced.
    await pastTheExtendedEnd(year, (await yearById(year.yearId))!.year.starts_on);
    await recordFinalReview(year);
    await recommendAs(year, "pass", "All reports now assessed.");
    await decideAs(year, { decision: "pass", note: "Passed by the panel." });

    const pass = (await decisionEvents(year))[2];
    expect(pass).toEqual({
      action: "asye.decision.pass",
      before: { recommendation: "pass", decision: "extend", decidedOn: today(), note: "Agreed: four more weeks.", decidedBy: admin },
      after: { decision: "pass", decidedOn: today(), note: "Passed by the panel.", extensionWeeks: null },
    });
    expect((await yearById(year.yearId))!.year).toMatchObject({ decision: "pass", extension_weeks: 12, recommendation: "pass" });
  });
});
