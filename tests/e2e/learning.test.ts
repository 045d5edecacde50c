// Finding learning in real Chromium: axe finds nothing in English or Welsh, and the search works without
// JavaScript, leading to the course's own page.
import { describe, expect, it, vi } from "vitest";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("passes axe with everything, a search and a search that finds nothing", async () => {
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    for (const url of ["/programmes", "/learning", "/learning?q=permanence", "/learning?q=zzzz"]) await suite.expectAccessible(page, url);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("searches by title and opens the course", async () => {
    const { context, page } = await suite.signedIn("practitioner@demo.test", "en-GB", false);
    await page.goto(`${suite.url}/programmes`);
    await page.click("text=Search every course the programmes offer");
    await page.fill("#q", "permanence");
    await page.click("main form[role=search] button");
    await page.waitForURL(/q=permanence/);
    await page.click("main li h2 a:text('Care Planning for Permanence')");
    await page.waitForURL(/\/programmes\/research-in-practice\/courses\//);
    expect(await page.locator("h1").textContent()).toContain("Care Planning for Permanence");
    await context.close();
  });
});
