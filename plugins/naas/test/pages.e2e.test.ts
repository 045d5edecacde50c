// The NAAS pages in real Chromium, in English and Welsh, with axe finding nothing (error states too),
// and the whole journey with JavaScript switched off: rate, add evidence, ask, endorse, book.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { personIdOf } from "../../../tests/support/fixtures";
import { browserSuite } from "../../../tests/support/browser-suite";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { naasDb } from "../server/db.server";
import { statementIds } from "./support";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let ids: { alex: number; statement: number; rated: number; framework: number; supervisorStatement: number };

beforeAll(async () => {
  const framework = await naasDb().selectFrom("naas_frameworks").select("id").where("code", "=", "kss-practitioner").executeTakeFirstOrThrow();
  const practitionerStatements = await statementIds("kss-practitioner");
  // The demo practitioner has rated statements 1 to 6 and not 7 onwards.
  ids = { alex: await personIdOf("practitioner"), statement: practitionerStatements[6], rated: practitionerStatements[1], framework: framework.id, supervisorStatement: (await statementIds("kss-supervisor"))[0] };
});

const { signedIn, expectAccessible } = suite;
const submitAndCheck = expectErrorsAccessible;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("a practitioner's NAAS pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("practitioner@demo.test", locale);
    await expectAccessible(page, "/programmes/naas");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    await expectAccessible(page, `/programmes/naas/statements/${ids.statement}`);
    await submitAndCheck(page, "form#evidence button[type=submit]");
    expect(await page.locator(".govuk-error-message").count()).toBe(3);
    await expectAccessible(page, `/programmes/naas/statements/${ids.statement}`);
    await submitAndCheck(page, "form#rating button[type=submit]");
    await expectAccessible(page, "/programmes/naas/book?track=practitioner");
    await expectAccessible(page, "/me");
    await context.close();
  });

  it("a manager's team readiness and review pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    await expectAccessible(page, "/team");
    expect(await page.locator("svg.pathways-chart title").count()).toBe(1);
    await expectAccessible(page, "/team?band=developing&sort=score&dir=desc");
    await expectAccessible(page, `/team/${ids.alex}`);
    await expectAccessible(page, `/programmes/naas/people/${ids.alex}`);
    await submitAndCheck(page, "form#endorse button[type=submit]");
    await expectAccessible(page, `/programmes/naas/people/${ids.alex}/statements/${ids.rated}`);
    await page.check("input[name=review][value=differ]");
    await submitAndCheck(page, "form#review button[type=submit]");
    await expectAccessible(page, `/programmes/naas/statements/${ids.supervisorStatement}`);
    await context.close();
  });

  it("L&D and admin NAAS pages pass axe, with their errors", async () => {
    const ld = await signedIn("ld@demo.test", locale);
    await expectAccessible(ld.page, "/programmes/naas/windows");
    await submitAndCheck(ld.page, "form#window button[type=submit]");
    // A window's own page, with the people booked on it and their outcomes.
    const booked = await naasDb().selectFrom("naas_candidates").select("window_id").where("window_id", "is not", null).orderBy("window_id").executeTakeFirstOrThrow();
    await expectAccessible(ld.page, `/programmes/naas/windows/${booked.window_id}`);
    expect(await ld.page.locator("main table a[href*='/programmes/naas/people/']").count()).toBeGreaterThan(0);
    await expectAccessible(ld.page, "/programmes/naas/settings");
    await ld.page.fill("#settings-practitionerMinYears", "many");
    await submitAndCheck(ld.page, "form#settings button[type=submit]");
    await ld.context.close();
    const admin = await signedIn("admin@demo.test", locale);
    await expectAccessible(admin.page, "/programmes/naas/frameworks");
    await admin.page.fill("#framework-statements", "1 | Only English");
    await submitAndCheck(admin.page, "form#framework button[type=submit]");
    await expectAccessible(admin.page, `/programmes/naas/frameworks/${ids.framework}`);
    await admin.context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("shows refused settings as sent: the roles ticked then, not the saved ones, and the blank years", async () => {
    const text = locale === "cy" ? cy : enGB;
    const { context, page } = await signedIn("ld@demo.test", locale, false);
    await page.goto(`${suite.url}/programmes/naas/settings`);
    const ticked = () => page.locator("input[name=frontlineRoles]").evaluateAll((boxes) => boxes.filter((b) => (b as HTMLInputElement).checked).map((b) => (b as HTMLInputElement).value));
    const saved = await ticked();
    expect(saved.length).toBeGreaterThan(1);
    for (const role of saved.slice(1)) await page.uncheck(`input[name=frontlineRoles][value=${role}]`);
    await page.fill("#settings-practitionerMinYears", "");
    await Promise.all([page.waitForLoadState("load"), page.click("form#settings button[type=submit]")]);
    expect(await page.textContent(".govuk-error-summary")).toContain(text.settings.errors.years);
    expect(await ticked()).toEqual([saved[0]]);
    expect(await page.inputValue("#settings-practitionerMinYears")).toBe("");
    await context.close();
  });

  it("takes a practitioner from a rating to a booked assessment", async () => {
    const text = locale === "cy" ? cy : enGB;
    await naasDb().deleteFrom("naas_candidates").where("person_id", "=", ids.alex).execute();
    const alex = await signedIn("practitioner@demo.test", locale, false);
    const page = alex.page;
    await page.goto(`${suite.url}/programmes/naas/statements/${ids.statement}`);
    await page.check("form#rating input[value='4']");
    await Promise.all([page.waitForURL(/saved=rating/), page.click("form#rating button[type=submit]")]);
    await page.fill("#evidence-occurredOn", "2026-10-01");
    await page.check("form#evidence input[value=supervision]");
    await page.fill("#evidence-reflection", `Analysed the risks with my supervisor (${locale}).`);
    await Promise.all([page.waitForURL(/saved=evidence/), page.click("form#evidence button[type=submit]")]);
    expect(await page.textContent("main")).toContain(`Analysed the risks with my supervisor (${locale}).`);
    await page.goto(`${suite.url}/programmes/naas`);
    await Promise.all([page.waitForURL(/requested=practitioner/), page.click("main form:has(input[name=track][value=practitioner]) button")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.home.requested);

    const manager = await signedIn("manager@demo.test", locale, false);
    await manager.page.goto(`${suite.url}/team`);
    await Promise.all([manager.page.waitForURL(/\/programmes\/naas\/people\//), manager.page.click(`main a[href='/programmes/naas/people/${ids.alex}?track=practitioner']`)]);
    await manager.page.check("form#endorse input[value=endorsed]");
    await Promise.all([manager.page.waitForURL(/saved=endorsed/), manager.page.click("form#endorse button[type=submit]")]);
    await manager.context.close();

    await page.goto(`${suite.url}/programmes/naas`);
    await Promise.all([page.waitForURL(/\/book/), page.click("main a[href*='book?track=practitioner']")]);
    await page.locator("form#book input[type=radio]").first().check();
    await Promise.all([page.waitForURL(/\/programmes\/naas$/), page.click("form#book button[type=submit]")]);
    expect(await page.textContent("main")).toContain(text.stages.booked);
    expect(await page.textContent("main")).toContain(text.book.registration);
    await alex.context.close();
  });
});
