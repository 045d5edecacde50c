// A form refused because the record changed while the page was open (the core's 409, "changed by someone
// else meanwhile") shows, with JavaScript on, the record as it now is, as the page drawn afresh without
// JavaScript does: the NAAS booking page stops offering windows to someone no longer endorsed, the panel's
// page shows the colleague's decision with the note as typed, and the ASYE decision, refused because the
// recommendation changed, is saved when sent again rather than refused again. In English and Welsh.
import { describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import asyeCy from "../../plugins/asye/locales/cy.json";
import asyeEnGB from "../../plugins/asye/locales/en-GB.json";
import { asyeDb } from "../../plugins/asye/server/db.server";
import { endedYear, today } from "../../plugins/asye/test/year-support";
import naasCy from "../../plugins/naas/locales/cy.json";
import naasEnGB from "../../plugins/naas/locales/en-GB.json";
import { naasDb } from "../../plugins/naas/server/db.server";
import { placeOnTrack } from "../../plugins/naas/test/support";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { expectRefusal, openPage } from "../support/browser-refusals";
import { browserSuite } from "../support/browser-suite";
import { personIdOf } from "../support/fixtures";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
type Locale = "en-GB" | "cy";
const coreText = (locale: Locale) => (locale === "cy" ? cy : enGB);
const naasText = (locale: Locale) => (locale === "cy" ? naasCy : naasEnGB);
const asyeText = (locale: Locale) => (locale === "cy" ? asyeCy : asyeEnGB);

/** A request from the demo practitioner that their manager supported: it waits for the panel. */
async function requestAwaitingPanel() {
  const alex = await personIdOf("practitioner");
  await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
  const now = new Date().toISOString();
  const [row] = await db()
    .insertInto("progression_requests")
    .values({ person_id: alex, from_stage: "social_worker", to_stage: "senior_practitioner", statement: "I lead complex cases.", status: "awaiting_panel", manager_id: await personIdOf("manager"), manager_supports: 1, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  return row.id;
}

/** A year past its end whose assessor (the demo practitioner) recommended, stamped at `at`. */
async function recommendedYear(locale: Locale, at: string) {
  const assessor = await personIdOf("practitioner");
  const year = await endedYear(assessor, `E-CONFLICT-${locale === "cy" ? "CY" : "EN"}`);
  await asyeDb().updateTable("asye_years").set({ recommendation: "pass", recommendation_note: "Every capability is evidenced.", recommended_by: assessor, recommended_at: at }).where("id", "=", year.yearId).execute();
  return year;
}

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("stops offering booking windows once a booking is refused because the endorsement was taken back", async () => {
    const alex = await personIdOf("practitioner");
    await naasDb().deleteFrom("naas_candidates").where("person_id", "=", alex).execute();
    await placeOnTrack(alex);
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, "/programmes/naas/book?track=practitioner");
    await page.locator("form#book input[type=radio]").first().check();
    await naasDb().updateTable("naas_candidates").set({ endorsement: "not_yet" }).where("person_id", "=", alex).execute();
    await expectRefusal(page, "form#book button[type=submit]", naasText(locale).book.errors.notEndorsed);
    expect(await page.locator("form#book, input[type=radio]").count()).toBe(0);
    expect(await page.locator("main p.govuk-body").allTextContents()).toContain(naasText(locale).book.notEndorsed);
    await context.close();
  });

  it("shows the colleague's decision once the panel's is refused as already made, keeping the note as typed", async () => {
    const id = await requestAwaitingPanel();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/admin/progression/${id}`);
    await page.check("form#panel input[name=decision][value=approve]");
    await page.fill("form#panel textarea[name=note]", "Ready: the evidence is strong.");
    const now = new Date().toISOString();
    await db().updateTable("progression_requests").set({ status: "declined", panel_note: "Declined: more evidence first.", panel_decided_by: await personIdOf("admin"), panel_decided_at: now, updated_at: now }).where("id", "=", id).execute();
    const text = coreText(locale).progression;
    await expectRefusal(page, "form#panel button[type=submit]", text.errors.alreadyDecided);
    const row = (label: string) => page.locator(".govuk-summary-list__row", { has: page.locator(".govuk-summary-list__key", { hasText: label }) });
    expect(await row(text.statusHeader).locator(".govuk-tag").textContent()).toBe(text.status.declined);
    expect(await row(text.panelNote).locator(".govuk-summary-list__value").textContent()).toBe("Declined: more evidence first.");
    expect(await page.inputValue("form#panel textarea[name=note]")).toBe("Ready: the evidence is strong.");
    expect(await page.isChecked("form#panel input[name=decision][value=approve]")).toBe(true);
    await context.close();
  });

  it("saves an ASYE decision sent again after it was refused because the recommendation changed", async () => {
    const year = await recommendedYear(locale, new Date(Date.now() - 60_000).toISOString());
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, year.path);
    await page.check("form#decision input[name=decision][value=fail]");
    await page.fill("form#decision input[name=decidedOn]", today());
    await page.fill("form#decision textarea[name=note]", "Agreed by the panel: not passed.");
    await asyeDb().updateTable("asye_years").set({ recommendation: "fail", recommendation_note: "On reflection, not yet.", recommended_at: new Date().toISOString() }).where("id", "=", year.yearId).execute();
    await expectRefusal(page, "form#decision button[type=submit]", asyeText(locale).decision.errors.recommendationChanged);
    // The page now shows, and sends back, the recommendation as it stands: read, the decision is saved.
    expect(await page.textContent("main")).toContain("On reflection, not yet.");
    await Promise.all([page.waitForURL(/saved=fail/), page.click("form#decision button[type=submit]")]);
    expect(await asyeDb().selectFrom("asye_years").select(["decision", "decision_note"]).where("id", "=", year.yearId).executeTakeFirstOrThrow()).toEqual({ decision: "fail", decision_note: "Agreed by the panel: not passed." });
    await context.close();
  });
});
