// Audits in real Chromium, in English and Welsh, with axe finding nothing (error states too); and the whole
// flow with JavaScript off: record an audit, add a finding, suggest a course from the catalogue, close it.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { browserSuite } from "../../../tests/support/browser-suite";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { auditDb } from "../server/audits/db.server";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
const ids = { audit: 0, finding: 0 };
const base = "/programmes/practice-development";

beforeAll(async () => {
  // The later seeded supervision audit: it has a previous audit to compare with, and an open action.
  const action = await auditDb().selectFrom("practice_development_audit_actions").select(["audit_id", "finding_id"]).where("status", "=", "open").orderBy("id").executeTakeFirstOrThrow();
  ids.audit = action.audit_id;
  ids.finding = action.finding_id;
});

const { signedIn, expectAccessible } = suite;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  const text = locale === "cy" ? cy : enGB;

  it("L&D's audit pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    for (const url of [`${base}/audits`, `${base}/audits/actions`]) await expectAccessible(page, url);
    await expectAccessible(page, `${base}/audits/new`);
    await expectErrorsAccessible(page, "form#audit button[type=submit]");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.audits.errors.sampleRequired);

    await expectAccessible(page, `${base}/audits/${ids.audit}`);
    expect(await page.textContent("main")).toContain(text.audits.changeValue.better);
    await page.fill("#kss", "kss-nobody:1");
    await expectErrorsAccessible(page, "form#finding button[type=submit]");
    expect(await page.textContent("#kss-error")).toContain(text.audits.errors.kss);

    await expectAccessible(page, `${base}/audits/${ids.audit}/findings/${ids.finding}`);
    await expectErrorsAccessible(page, "form#raise button[type=submit]");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.audits.errors.kind);
    await expectAccessible(page, `${base}/audits/${ids.audit}/findings/${ids.finding}`);
    await expectErrorsAccessible(page, "form[id^=close-] button[type=submit]");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.audits.errors.noteRequired);
    await context.close();
  });

  it("refuses a manager, and an unknown audit is a page in the layout", async () => {
    const manager = await signedIn("manager@demo.test", locale);
    expect((await manager.page.goto(`${suite.url}${base}/audits`))?.status()).toBe(403);
    expect(await manager.page.locator("main h1").count()).toBe(1);
    await manager.context.close();
    const ld = await signedIn("ld@demo.test", locale);
    expect((await ld.page.goto(`${suite.url}${base}/audits/999999`))?.status()).toBe(404);
    expect(await ld.page.locator("main h1").count()).toBe(1);
    await ld.context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("records an audit and a finding, suggests a course and closes the action", async () => {
    const text = locale === "cy" ? cy : enGB;
    const { context, page } = await signedIn("ld@demo.test", locale, false);
    await page.goto(`${suite.url}${base}/audits/new`);
    await page.check("#theme-assessments");
    await page.fill("#title", `Assessments audit (${locale})`);
    await page.fill("#heldOn", new Date().toISOString().slice(0, 10));
    await page.fill("#summary", "Ten assessments sampled.");
    await page.check("#teams");
    await Promise.all([page.waitForURL(/audits\/\d+\?saved=audit/), page.click("form#audit button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.audits.saved.audit);

    await page.check("#rating-inadequate");
    await page.fill("#practiceArea", "Analysis of risk");
    await page.check("#pcf-critical_reflection");
    await page.fill("#kss", "kss-practitioner:6");
    await Promise.all([page.waitForURL(/saved=finding/), page.click("form#finding button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.audits.saved.finding);

    await Promise.all([page.waitForURL(/findings\/\d+$/), page.click("main table a:text('Analysis of risk')")]);
    await page.fill("#q", "permanence");
    await Promise.all([page.waitForURL(/q=permanence/), page.click("form#course-search button")]);
    await page.check("#kind-course");
    await page.fill("#dueOn", new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await page.check("#course");
    await Promise.all([page.waitForURL(/saved=action/), page.click("form#raise button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.audits.saved.action);
    expect(await page.textContent("main")).toContain(text.audits.status.open);

    await page.fill("form[id^=close-] textarea", "Course shared with the team.");
    await Promise.all([page.waitForURL(/saved=closed/), page.click("form[id^=close-] button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.audits.saved.closed);
    expect(await page.textContent("main")).toContain("Course shared with the team.");
    await context.close();
  });
});
