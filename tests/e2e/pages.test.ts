// Every page in a real browser, in English and in Welsh, with axe finding nothing, including error
// states; and the parts that must work with a keyboard alone and with JavaScript switched off.
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import { personIdOf, personOutsideLineOf } from "../support/fixtures";
import { browserSuite } from "../support/browser-suite";
import { accessibilityViolations, expectErrorsAccessible, signInWithForm, waitForHydration } from "../support/browser";
import { staffCsv } from "../support/staff-csv";
import { placeRequestForLearningTeam } from "../support/unmanaged-request";

// A real browser on a busy two-core machine: each walk through a role's pages gets room.
vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let ids: { report: number; other: number; cohort: number; session: number; request: number; learner: number; forLearningTeam: number };

beforeAll(async () => {
  const manager = await personIdOf("manager");
  const cohort = await db().selectFrom("cohorts").select("id").where("name", "=", "Cohort 1").executeTakeFirstOrThrow();
  const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort.id).orderBy("sequence").executeTakeFirstOrThrow();
  const request = await db().selectFrom("enrolments").select("id").where("status", "=", "requested").orderBy("id").executeTakeFirstOrThrow();
  const learner = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort.id).where("status", "=", "enrolled").orderBy("id").executeTakeFirstOrThrow();
  ids = { report: await personIdOf("practitioner"), other: await personOutsideLineOf(manager), cohort: cohort.id, session: session.id, request: request.id, learner: learner.id, forLearningTeam: await placeRequestForLearningTeam() };
});

async function contextFor(locale: "en-GB" | "cy", javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await suite.browser.newContext({ javaScriptEnabled });
  // The language cookie is what ?lng= sets; setting it here keeps every visit in the one language.
  await context.addCookies([{ name: "lng", value: await languageCookie(locale), url: suite.url }]);
  return context;
}

async function languageCookie(locale: string) {
  const response = await fetch(`${suite.url}/accessibility?lng=${locale}`);
  return response.headers.getSetCookie().find((c) => c.startsWith("lng="))!.split(";")[0].slice(4);
}

async function expectAccessible(page: Page, url: string) {
  await page.goto(`${suite.url}${url}`);
  await waitForHydration(page);
  expect(await accessibilityViolations(page)).toEqual([]);
}

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  let context: BrowserContext;
  let page: Page;

  const scriptErrors: string[] = [];

  beforeAll(async () => {
    context = await contextFor(locale);
    page = await context.newPage();
    // Hydration must work on every page: any script error or failed request fails the run.
    // Remix fetches route manifests as links appear, and data as it navigates; leaving the page aborts
    // those fetches. Remix logs an aborted manifest fetch; it logs the AbortError of a data fetch aborted
    // while its answer was being read, and leaves it unhandled if the rest of the answer was still
    // streaming (both the browser's "BodyStreamBuffer was aborted"). An aborted fetch is not a fault; a
    // failing one still shows as a status error or a failed request.
    page.on("pageerror", (error) => {
      if (error.name !== "AbortError") scriptErrors.push(`${page.url()}: ${error.message}`);
    });
    page.on("console", (message) => {
      if (message.type() === "error" && !/status of (403|404|400)|Failed to fetch manifest patches|^AbortError: /.test(message.text())) scriptErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on("requestfailed", (request) => {
      if (request.failure()?.errorText !== "net::ERR_ABORTED") scriptErrors.push(`${request.url()}: ${request.failure()?.errorText}`);
    });
  });
  afterAll(async () => {
    await context.close();
    expect(scriptErrors).toEqual([]);
  });

  it("the sign-in page, empty and with its errors, follows the locale and passes axe", async () => {
    await expectAccessible(page, "/login");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    // Click once the button is React's, so the run checks the hydrated form every time.
    await waitForHydration(page, "main button[type=submit]");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.locator(".govuk-error-message").count()).toBe(2);
    // Focus moves to the summary once the answer is on the page, so wait for it rather than look once.
    await page.waitForFunction(() => document.activeElement?.classList.contains("govuk-error-summary"), undefined, { timeout: 15_000 });
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.fill("input[name=email]", "admin@demo.test");
    await page.fill("input[name=password]", "wrong password");
    await page.click("main button[type=submit]");
    // The empty form's summary is still on the page: wait for the answer's own (one line, no field errors),
    // so that axe checks the answer, and the next test does not leave before the answer is on the page.
    await page.waitForFunction(() => document.querySelectorAll(".govuk-error-summary__list li").length === 1 && !document.querySelector(".govuk-error-message"));
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  it("the accessibility statement and a missing page pass axe", async () => {
    await expectAccessible(page, "/accessibility");
    await expectAccessible(page, "/no-such-page");
  });

  it("a practitioner's pages pass axe, and other pages say no access", async () => {
    await signInWithForm(page, suite.url, "practitioner@demo.test");
    expect(new URL(page.url()).pathname).toBe("/me");
    for (const url of ["/me", "/programmes", "/programmes/leadership", "/admin"]) await expectAccessible(page, url);
    expect(await page.textContent("h1")).toBe(locale === "cy" ? await expectedForbiddenTitle("cy") : "You do not have access to this page");
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });

  it("a manager's pages pass axe", async () => {
    await signInWithForm(page, suite.url, "service.manager@demo.test");
    expect(new URL(page.url()).pathname).toBe("/team");
    for (const url of ["/team", "/team?sort=team&dir=desc&page=2", `/team/${ids.report}`, `/team/${ids.other}`, "/me", "/programmes/leadership"]) await expectAccessible(page, url);
    await expectAccessible(page, "/programmes/leadership/team");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, `/team/requests/${ids.request}`);
    await page.check(`input[value=decline]`);
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
    // A learner on a cohort: their guided-learning log, and its errors.
    await signInWithForm(page, suite.url, "manager@demo.test");
    await expectAccessible(page, "/programmes/leadership/learning");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });

  // Three tests, not one: together they visit some thirty pages, which took 83-108 s of a 120 s limit.
  it("L&D and admin pages pass axe", async () => {
    await signInWithForm(page, suite.url, "admin@demo.test");
    expect(new URL(page.url()).pathname).toBe("/admin");
    // The panel's link says how many requests wait for a decision, in the page's language.
    expect(await page.textContent("main li:has(a[href='/admin/progression'])")).toMatch(locale === "cy" ? /: \d+ o geisiadau'n aros am benderfyniad$/ : /: \d+ requests? waits? for a decision$/);
    for (const url of ["/admin", "/admin/people", "/admin/people?q=morgan&page=2", "/admin/plugins", "/admin/audit", "/admin/reports", "/admin/reports?unit=nonsense", "/admin/audit?from=not-a-date", `/team/${ids.other}`]) {
      await expectAccessible(page, url);
    }
    for (const url of ["/programmes/leadership", "/programmes/leadership/reports", `/programmes/leadership/cohorts/${ids.cohort}/report`, `/programmes/leadership/cohorts/${ids.cohort}/attendance`, `/programmes/leadership/cohorts/${ids.cohort}/learning`, `/programmes/leadership/cohorts/${ids.cohort}`, `/programmes/leadership/sessions/${ids.session}/register`]) await expectAccessible(page, url);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });

  it("L&D's place requests with no manager on the portal pass axe, listed, counted and refused", async () => {
    await signInWithForm(page, suite.url, "ld@demo.test");
    expect(new URL(page.url()).pathname).toBe("/admin");
    // The link says how many requests wait for L&D, in the page's language.
    expect(await page.textContent("main li:has(a[href='/admin/requests'])")).toMatch(locale === "cy" ? /: [1-9]\d* o geisiadau'n aros am benderfyniad$/ : /: [1-9]\d* requests? waits? for a decision$/);
    await expectAccessible(page, "/admin/requests");
    expect(await page.locator(`main table a[href='/admin/requests/${ids.forLearningTeam}']`).count()).toBe(1);
    await expectAccessible(page, `/admin/requests/${ids.forLearningTeam}`);
    // Declining with no reason: said by the box and in the summary, the choice kept.
    await page.check("input[value=decline]");
    await expectErrorsAccessible(page, "main button[type=submit]");
    expect(await page.locator(".govuk-error-message").count()).toBe(1);
    expect(await page.isChecked("input[value=decline]")).toBe(true);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });

  it("L&D's Level 5 forms pass axe with their errors", async () => {
    await signInWithForm(page, suite.url, "admin@demo.test");
    await expectAccessible(page, `/programmes/leadership/cohorts/${ids.cohort}/attendance`);
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${suite.url}/programmes/leadership/sessions/${ids.session}/register`);
    await waitForHydration(page, "main button[value=save]");
    await page.click("main button[value=save]");
    await page.waitForSelector(".govuk-notification-banner--success");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.goto(`${suite.url}/programmes/leadership/cohorts/${ids.cohort}`);
    await waitForHydration(page, "#employee");
    await page.fill("#employee", "NOBODY");
    await page.click("main form:has(#employee) button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, `/programmes/leadership/cohorts/${ids.cohort}/bulk?preview=1&role=social_worker`);
    await page.click("main form[method=post]:not([enctype]) button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, `/programmes/leadership/cohorts/${ids.cohort}/learners/${ids.learner}`);
    // The third unit has no result yet: saving it empty shows the errors.
    await page.locator("main form").nth(2).locator("button[type=submit]").click();
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, `/programmes/leadership/sessions/${ids.session}/edit`);
    await page.fill("#session-title", "");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, "/programmes/leadership/settings");
    await page.fill("#settings-requiredSessions", "99");
    // "Save the rules": each unit's Remove button belongs to a form of its own, which asks before removing.
    await page.click("main button[type=submit]:not([form])");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await expectAccessible(page, "/programmes/leadership/cohorts/new");
    await page.fill("#cohort-name", "");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.locator(".govuk-error-summary__list li").count()).toBeGreaterThan(3);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });

  it("the staff import passes axe, empty, with an error and with its problems", async () => {
    await signInWithForm(page, suite.url, "admin@demo.test");
    await expectAccessible(page, "/admin/people/import");
    await page.click("main button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    const file = path.resolve(__dirname, `../../.tmp/e2e-${locale}.csv`);
    fs.writeFileSync(file, staffCsv([{ employee: "E2E-1", fte: "7" }, { employee: "E2E-2", email: "nope" }]));
    await page.setInputFiles("input[type=file]", file);
    await page.click("main button[type=submit]");
    await page.waitForSelector("table.govuk-table");
    expect(await page.locator("table.govuk-table tbody tr").count()).toBe(2);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
  });
});

async function expectedForbiddenTitle(locale: "cy") {
  const cy = JSON.parse(fs.readFileSync(path.resolve(__dirname, `../../app/locales/${locale}/common.json`), "utf8"));
  return cy.errors.forbidden.title as string;
}

describe("without JavaScript", () => {
  it("signs in, switches to Welsh with ?lng=cy, keeps it, and signs out", async () => {
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithForm(page, suite.url, "manager@demo.test");
    expect(new URL(page.url()).pathname).toBe("/team");
    await page.goto(`${suite.url}/me?lng=cy`);
    expect(await page.getAttribute("html", "lang")).toBe("cy");
    await page.goto(`${suite.url}/team`);
    expect(await page.getAttribute("html", "lang")).toBe("cy");
    // Level 5 gives one place a person: the manager's own is set aside, so the page offers a request.
    const manager = await personIdOf("manager");
    const level5 = db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership");
    await db().updateTable("enrolments").set({ status: "withdrawn", waitlist_position: null }).where("person_id", "=", manager).where("cohort_id", "in", level5).execute();
    await page.goto(`${suite.url}/programmes/leadership`);
    await Promise.all([page.waitForLoadState("load"), page.click("main button:has-text('Gofyn am le')")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain("Mae eich cais wedi mynd at eich rheolwr");
    await page.goto(`${suite.url}/team`);
    await page.selectOption("select#role", "social_worker");
    await Promise.all([page.waitForURL(/role=social_worker/), page.click(".pathways-filter button")]);
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    await page.click("button.pathways-header__signout-button");
    await page.waitForURL(/\/login/);
    await context.close();
  });
});

describe("with a keyboard", () => {
  it("reaches the skip link first, and it moves to the main content", async () => {
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    await page.goto(`${suite.url}/login`);
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.className)).toContain("govuk-skip-link");
    await page.keyboard.press("Enter");
    // The browser reports a same-page navigation after the key press returns, so wait for it rather than read the URL at once.
    await page.waitForURL((url) => url.hash === "#main-content");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("name"))).toBe("email");
    await page.keyboard.type("ld@demo.test");
    await page.keyboard.press("Tab");
    await page.keyboard.type("pathways-demo");
    await Promise.all([page.waitForURL(/\/admin$/), page.keyboard.press("Enter")]);
    await context.close();
  });
});
