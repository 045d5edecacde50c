// The assessor's recommendation refused in real Chromium, in English and Welsh, with axe finding nothing:
// sent with nothing chosen or written, sent after L&D extended the year while the page was open (so its end
// has not come yet), and sent after the panel decided the year meanwhile.
import { describe, expect, it, vi } from "vitest";
import { expectRefusal, openPage } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf } from "../../../tests/support/fixtures";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { asyeDb } from "../server/db.server";
import { endedYear, today } from "./year-support";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

/** A year past its end with its final review recorded, whose assessor is the demo practitioner, open on their page. */
async function assessorOnAnEndedYear(locale: "en-GB" | "cy", employee: string) {
  const year = await endedYear(await personIdOf("practitioner"), `${employee}-${locale === "cy" ? "CY" : "EN"}`);
  const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
  await openPage(page, suite.url, year.path);
  expect(await page.locator("form#recommendation").count()).toBe(1);
  return { year, context, page };
}

const recommendationStored = async (yearId: number) => (await asyeDb().selectFrom("asye_years").select("recommendation").where("id", "=", yearId).executeTakeFirstOrThrow()).recommendation;

/** The assessor chooses a pass and gives their reasons, as the form asks. */
async function recommendPass(page: Awaited<ReturnType<typeof assessorOnAnEndedYear>>["page"]) {
  await page.check("form#recommendation input[name=recommendation][value=pass]");
  await page.fill("form#recommendation textarea[name=note]", "Every capability is evidenced.");
}

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("says beside each field and in the summary what a recommendation sent blank lacks, passing axe", async () => {
    const text = textOf(locale).recommendation.errors;
    const { year, context, page } = await assessorOnAnEndedYear(locale, "E-AXE-BLANK");
    await expectRefusal(page, "form#recommendation button[type=submit]", text.choice);
    expect(await page.textContent(".govuk-error-summary")).toContain(text.note);
    expect(await page.locator("form#recommendation .govuk-error-message").allTextContents()).toEqual([expect.stringContaining(text.choice), expect.stringContaining(text.note)]);
    expect(await recommendationStored(year.yearId)).toBeNull();
    await context.close();
  });

  it("refuses a recommendation once L&D extended the year meanwhile, at its field, passing axe", async () => {
    const { year, context, page } = await assessorOnAnEndedYear(locale, "E-AXE-LATE");
    await recommendPass(page);
    // Twenty-six weeks more: the year's end is months away again.
    await asyeDb().updateTable("asye_years").set({ extension_weeks: 26 }).where("id", "=", year.yearId).execute();
    await expectRefusal(page, "form#recommendation button[type=submit]", textOf(locale).recommendation.errors.notYet);
    expect(await page.locator("form#recommendation .govuk-error-message").count()).toBe(1);
    expect(await recommendationStored(year.yearId)).toBeNull();
    await context.close();
  });

  it("refuses a recommendation once the panel decided the year meanwhile, keeping what was typed, passing axe", async () => {
    const { year, context, page } = await assessorOnAnEndedYear(locale, "E-AXE-DECIDED");
    await recommendPass(page);
    await asyeDb().updateTable("asye_years").set({ decision: "pass", decided_on: today(), decided_by: await personIdOf("ld"), decision_note: "Decided by the panel." }).where("id", "=", year.yearId).execute();
    await expectRefusal(page, "form#recommendation button[type=submit]", textOf(locale).recommendation.errors.closed);
    expect(await page.inputValue("form#recommendation textarea[name=note]")).toBe("Every capability is evidenced.");
    expect(await recommendationStored(year.yearId)).toBeNull();
    await context.close();
  });
});
