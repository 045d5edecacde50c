// Refusals in real Chromium. Many are reached only by a race or a hand-made request, so a browser test
// reaches them as those would: by changing the data underneath between the page loading and the button
// being pressed, or by changing a value in the page's own form before pressing it. What the page then
// shows is checked before axe is: the refusal's own words in the error summary (so a check cannot pass
// without reaching the state), a title starting "Error:" in the page's language, and summary links that
// lead somewhere on the page.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { accessibilityViolations, waitForHydration } from "./browser";

const ERROR_PREFIX: Record<string, string> = { "en-GB": enGB.forms.errorPrefix, cy: cy.forms.errorPrefix };

/** Opens a page once its requests have settled and its scripts have taken over its forms. */
export async function openPage(page: Page, base: string, url: string) {
  await page.goto(`${base}${url}`, { waitUntil: "networkidle" });
  await waitForHydration(page);
}

/** Gives a field or button of the page's own form a value the page would never send, as a hand-made request would. */
export async function sendInstead(page: Page, selector: string, value: string) {
  const target = page.locator(selector);
  expect(await target.count(), `the page has ${selector}`).toBeGreaterThan(0);
  await target.first().evaluate((element, sent) => ((element as HTMLInputElement | HTMLButtonElement).value = sent), value);
}

/** Adds a hidden field to the page's own form, as a hand-made request would send it. */
export async function sendAlso(page: Page, form: string, name: string, value: string) {
  const target = page.locator(form);
  expect(await target.count(), `the page has ${form}`).toBe(1);
  await target.evaluate(
    (element, field) => {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = field.name;
      input.value = field.value;
      element.appendChild(input);
    },
    { name, value },
  );
}

/**
 * The error summary's links that lead to nothing on the page, read in one go: after a refusal Remix draws
 * the page again with fresh data, so links read from one drawing and targets counted in the next disagree.
 */
const summaryLinksLeadingNowhere = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll(".govuk-error-summary a[href^='#']"))
      .map((a) => a.getAttribute("href")!.slice(1))
      .filter((id) => document.querySelectorAll(`[id="${CSS.escape(id)}"]`).length !== 1),
  );

/**
 * Presses `button` and expects the page to refuse with `message`: said in the error summary, the title
 * starting "Error:" in the page's language, each summary link leading to something on the page, and axe
 * finding nothing.
 */
export async function expectRefusal(page: Page, button: string, message: string) {
  await page.click(button);
  const summary = page.locator(".govuk-error-summary");
  await summary.waitFor();
  expect(await summary.textContent()).toContain(message);
  const prefix = ERROR_PREFIX[(await page.getAttribute("html", "lang")) ?? ""];
  expect(prefix, "the page is in English or Welsh").toBeDefined();
  await expect.poll(() => page.title()).toMatch(new RegExp(`^${prefix} \\S`));
  await expect.poll(() => summaryLinksLeadingNowhere(page), { message: "the summary's links that lead to nothing, or to more than one thing" }).toEqual([]);
  expect(await accessibilityViolations(page)).toEqual([]);
}
