// An outcome follows the assessment's last step: L&D are offered the outcome form from the simulated
// practice day of the person's booked assessment, and until then the page says from when. A date before
// that day, even one after the knowledge assessment, is refused next to the date, with what was chosen kept.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addWindow, candidate, clearJourney, form, placeOnTrack } from "./support";

beforeAll(seedDemo);

const LOCALES = ["en-GB", "cy"] as const;
let alex: number;
let window: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  await clearJourney(alex);
  window = await addWindow({ knowledgeOn: "2099-03-01" });
  await placeOnTrack(alex, { window_id: window, booked_at: new Date().toISOString() });
});

const path = () => `/programmes/naas/people/${alex}?track=practitioner`;
const personRoute = () => import("../routes/people.$personId");
const outcomeFormOf = (html: string) => postForms(html, `http://localhost${path()}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "outcome"));

async function pageFor(locale: (typeof LOCALES)[number]) {
  const { loader } = await personRoute();
  return (await run(loader, await requestAs("ld", `${path()}&lng=${locale}`), { personId: String(alex) })).data as { canRecordOutcome: boolean; outcomeOpensOn: string | null };
}

describe("the outcome form on a booked person's page", () => {
  it("is not offered until the simulated practice day, even after the knowledge assessment, and the page says from which day it is", async () => {
    await naasDb().updateTable("naas_windows").set({ knowledge_on: londonToday() }).where("id", "=", window).execute();
    const { default: Page } = await personRoute();
    for (const locale of LOCALES) {
      const page = await pageFor(locale);
      expect(page).toMatchObject({ canRecordOutcome: false, outcomeOpensOn: formatDate("2099-03-08", locale) });
      const html = await renderedAfterPost(Page, page, null, locale);
      expect(outcomeFormOf(html)).toBeUndefined();
      expect(decodeHtml(html)).toContain(fixedT(locale, "naas")("outcome.opensOn", { date: formatDate("2099-03-08", locale) }));
    }
  });

  it("is offered from the simulated practice day, and refuses a date between the two days next to the date field", async () => {
    const today = londonToday();
    await naasDb().updateTable("naas_windows").set({ knowledge_on: addDaysToDate(today, -7), practice_on: today }).where("id", "=", window).execute();
    const { action, default: Page } = await personRoute();
    expect(await pageFor("en-GB")).toMatchObject({ canRecordOutcome: true, outcomeOpensOn: null });

    // After the knowledge assessment, before the simulated practice day.
    const dayBefore = addDaysToDate(today, -1);
    const refused = await run(action, await requestAs("ld", path(), form({ intent: "outcome", outcome: "accredited", outcomeOn: dayBefore })), { personId: String(alex) });
    expect(refused.status).toBe(400);
    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: null, outcome_on: null });
    expect(await naasDb().selectFrom("cpd_entries").select("id").where("person_id", "=", alex).where("source", "=", "naas").execute()).toEqual([]);
    for (const locale of LOCALES) {
      const html = await renderedAfterPost(Page, await pageFor(locale), refused.data, locale);
      expect(errorSummaryTargets(html)).toEqual(["outcome-outcomeOn"]);
      expect(decodeHtml(html)).toContain(fixedT(locale, "naas")("outcome.errors.beforeAssessment"));
      expect(outcomeFormOf(html)?.fields).toEqual(expect.arrayContaining([["outcome", "accredited"], ["outcomeOn", dayBefore]]));
    }

    const recorded = await run(action, await requestAs("ld", path(), form({ intent: "outcome", outcome: "accredited", outcomeOn: today })), { personId: String(alex) });
    expect(recorded.status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ outcome: "accredited", outcome_on: today });
  });
});
