// Core administration pages in real Chromium, in English and Welsh, with axe finding nothing, that the
// app-wide pages test does not reach: the programme plugins page refusing a plugin that is not installed
// (one removed between the page loading and the button being pressed), and the place requests L&D declined.
import { describe, expect, it, vi } from "vitest";
import { expectErrorsAccessible } from "../support/browser";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("the plugins page refusing a plugin that is not installed passes axe", async () => {
    const { context, page } = await suite.signedIn("admin@demo.test", locale);
    await suite.expectAccessible(page, "/admin/plugins");
    await page.locator("main form input[name=plugin]").first().evaluate((input) => ((input as HTMLInputElement).value = "no-such-plugin"));
    await expectErrorsAccessible(page, "main form button >> nth=0");
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await context.close();
  });

  it("the place requests L&D declined pass axe", async () => {
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, "/admin/requests?decided=declined");
    await context.close();
  });
});
