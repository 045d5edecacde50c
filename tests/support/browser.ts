// Debian's Chromium driven by playwright-core: never a downloaded browser.
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";
import { expect } from "vitest";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe's violations on the page as it stands, as short lines that say what and where. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")} (${page.url()})`));
}

/**
 * Waits until React has hydrated the page and the element `selector` finds on it. Hydration starts once the
 * page's translations have loaded, and is interruptible: a click, a tick or a typed character while it is
 * under way can post the form natively, React logging that its root did not complete (error #345) as the
 * page unloads, and what a test changed in the page may not survive it. Without JavaScript nothing hydrates:
 * a page whose scripts do not run is ready as it loads.
 */
export async function waitForHydration(page: Page, selector = "body") {
  await page.waitForFunction((target) => {
    // Remix's inline script sets __remixContext, so it is missing only where scripts do not run.
    if (!("__remixContext" in window)) return true;
    const isReacts = (element: Element | null) => Object.keys(element ?? {}).some((key) => key.startsWith("__reactProps"));
    // <html> is the last element hydration completes, and React commits in the same task.
    return isReacts(document.documentElement) && isReacts(document.querySelector(target));
  }, selector);
}

export async function signInWithForm(page: Page, base: string, email: string, password = "pathways-demo") {
  await page.goto(`${base}/login`);
  await waitForHydration(page, "main button[type=submit]");
  await page.fill("input[name=email]", email);
  await page.fill("input[name=password]", password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith("/login")), page.click("main button[type=submit]")]);
}

/** A fresh browser context signed in as a demo account, in a language, with or without JavaScript. */
export async function signedInContext(browser: Browser, base: string, email: string, locale: "en-GB" | "cy", javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signInWithForm(page, base, email);
  if (locale === "cy") await page.goto(`${base}/me?lng=cy`);
  return { context, page };
}

/** Opens a page once its requests have settled, and expects axe to find nothing. */
export async function expectAccessibleAt(page: Page, base: string, url: string) {
  await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  await waitForHydration(page);
  expect(await accessibilityViolations(page)).toEqual([]);
}

/** Submits a form that should fail, and expects its error summary to pass axe. */
export async function expectErrorsAccessible(page: Page, button: string) {
  await page.click(button);
  await page.waitForSelector(".govuk-error-summary");
  expect(await accessibilityViolations(page)).toEqual([]);
  // GOV.UK: the title of a page showing a refused form starts "Error:", in the page's language.
  const prefix = ERROR_PREFIX[(await page.getAttribute("html", "lang")) ?? ""];
  await expect.poll(() => page.title()).toMatch(new RegExp(`^${prefix} \\S`));
}

const ERROR_PREFIX: Record<string, string> = { "en-GB": enGB.forms.errorPrefix, cy: cy.forms.errorPrefix };
