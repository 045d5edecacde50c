// The protected caseload pages in real Chromium, in English and Welsh, with axe finding nothing, the
// import's and the settings' error states included; and the import, the settings and the filters with
// JavaScript switched off.
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { browserSuite } from "../../../tests/support/browser-suite";
import { ASYE_STAGE, DEFAULT_CASELOAD_SETTINGS } from "../caseload/constants";
import cy from "../caseload/locales/cy.json";
import enGB from "../caseload/locales/en-GB.json";
import { importedWeeks } from "../caseload/server/check.server";
import { caseloadDb } from "../caseload/server/db.server";
import { caseloadSettings, saveCaseloadSettings } from "../caseload/server/settings.server";
import { addWeeks } from "../caseload/server/weeks";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { caseloadCsv, peopleAtStage } from "./caseload-support";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let latest: string;

beforeAll(async () => {
  [latest] = await importedWeeks(1);
});

const { signedIn, expectAccessible } = suite;
const upload = (page: Page, csv: string) => page.setInputFiles("#file", { name: "caseload.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
const text = (locale: "en-GB" | "cy") => (locale === "cy" ? cy : enGB);

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("L&D's caseload pages pass axe, with the import's and the settings' errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    for (const url of ["/programmes/asye/caseload", "/programmes/asye/caseload/highest", "/programmes/asye/caseload/trend"]) await expectAccessible(page, url);
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    expect(await page.locator("svg[role=img] title").textContent()).toBe(text(locale).trend.chartTitle);
    await expectAccessible(page, "/programmes/asye/caseload/import");
    await expectErrorsAccessible(page, "form#caseload-import button[type=submit]");
    await upload(page, caseloadCsv([["NOBODY", "2025-02-30", -1]]));
    await expectErrorsAccessible(page, "form#caseload-import button[type=submit]");
    expect(await page.locator("main table").textContent()).toContain(text(locale).import.errors.negative);
    await expectAccessible(page, "/programmes/asye/caseload/settings");
    await page.fill("#caseload-settings-sharePercent", "150");
    await expectErrorsAccessible(page, "form#caseload-settings button[type=submit]");
    await context.close();
  });

  it("a manager's caseload pages pass axe and name the ASYE worker over the line in their team", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    await expectAccessible(page, "/programmes/asye/caseload");
    expect(await page.textContent("main")).toContain("Jordan Evans");
    expect(await page.textContent("main")).toContain("19.6");
    await expectAccessible(page, "/programmes/asye/caseload/highest");
    await expectAccessible(page, "/programmes/asye/caseload/trend");
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("L&D import a week, see a rejected file's problems by line, change the share, and filter the list", async () => {
    const week = addWeeks(latest, locale === "cy" ? -40 : -41);
    const [worker] = await peopleAtStage("social_worker", 1);
    const [asye] = await peopleAtStage(ASYE_STAGE, 1);
    const { context, page } = await signedIn("ld@demo.test", locale, false);

    await page.goto(`${suite.url}/programmes/asye/caseload/import`);
    await upload(page, caseloadCsv([[worker.employee_number, week, 20], ["NOBODY", week, 3], [asye.employee_number, week, "x"]]));
    await Promise.all([page.waitForLoadState("load"), page.click("form#caseload-import button[type=submit]")]);
    const rows = await page.locator("main table tbody tr").allTextContents();
    expect(rows.map((r) => r.slice(0, 1))).toEqual(["3", "4"]);
    expect(await caseloadDb().selectFrom("asye_caseload_figures").select("person_id").where("week_of", "=", week).execute()).toEqual([]);

    await upload(page, caseloadCsv([[worker.employee_number, week, 20], [asye.employee_number, week, 19]]));
    await Promise.all([page.waitForLoadState("load"), page.click("form#caseload-import button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner")).toContain(text(locale).import.doneTitle);
    expect(await caseloadDb().selectFrom("asye_caseload_figures").select(["person_id", "cases"]).where("week_of", "=", week).orderBy("cases").execute()).toEqual([
      { person_id: asye.id, cases: 19 },
      { person_id: worker.id, cases: 20 },
    ]);

    await page.goto(`${suite.url}/programmes/asye/caseload/settings`);
    await page.fill("#caseload-settings-sharePercent", "96");
    await Promise.all([page.waitForURL(/saved=1/), page.click("form#caseload-settings button[type=submit]")]);
    expect(await caseloadSettings()).toEqual({ ...DEFAULT_CASELOAD_SETTINGS, sharePercent: 96 });
    // 96% of 20 is 19.2, so the ASYE worker with 19 cases that week is within the line.
    await page.goto(`${suite.url}/programmes/asye/caseload?week=${week}`);
    expect(await page.textContent("main")).toContain(text(locale).flaggedNone);
    await saveCaseloadSettings(DEFAULT_CASELOAD_SETTINGS, SYSTEM_ACTOR);

    await page.goto(`${suite.url}/programmes/asye/caseload/highest`);
    const everyone = await page.locator("main table tbody tr").count();
    await page.selectOption("#unit", { index: 1 });
    await Promise.all([page.waitForURL(/unit=/), page.click("form#week-picker button[type=submit]")]);
    expect(await page.locator("main table tbody tr").count()).toBeLessThanOrEqual(everyone);
    await context.close();
  });
});
