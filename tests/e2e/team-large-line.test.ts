// /team for a line too large to score at once, in real Chromium: the page that asks for a team or a role
// passes axe in English and Welsh, and choosing a team by keyboard, without JavaScript, brings the scores.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { expectAccessibleAt, launchChromium, signedInContext } from "../support/browser";
import { seedDemo } from "../support/fixtures";
import { growTheServiceManagersLine } from "../support/large-line";
import { startServer, type RunningServer } from "../support/server";

process.env.PATHWAYS_SECURE_COOKIES = "0";
vi.setConfig({ testTimeout: 120_000 });

let server: RunningServer;
let browser: Browser;
let smallTeam = 0;

beforeAll(async () => {
  await seedDemo();
  smallTeam = (await growTheServiceManagersLine()).smallTeam;
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("passes axe where it asks for a team or a role", async () => {
    const { context, page } = await signedInContext(browser, server.url, "service.manager@demo.test", locale);
    await expectAccessibleAt(page, server.url, "/team");
    expect(await page.textContent("main .govuk-inset-text")).toContain(locale === "cy" ? "Dewiswch dîm neu rôl" : "Choose a team or a role");
    // No chart of bands and no table of people: nobody was scored.
    expect(await page.locator("main svg").count()).toBe(0);
    expect(await page.locator("main th[aria-sort]").count()).toBe(0);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("chooses a team with the keyboard and shows its people scored", async () => {
    const { context, page } = await signedInContext(browser, server.url, "service.manager@demo.test", "en-GB", false);
    await page.goto(`${server.url}/team`);
    await page.selectOption("select#team", String(smallTeam));
    await page.focus(".pathways-filter button");
    await Promise.all([page.waitForURL(/team=/), page.keyboard.press("Enter")]);
    expect(await page.locator(".govuk-inset-text").count()).toBe(0);
    expect(await page.locator("main th[aria-sort]").count()).toBeGreaterThan(0);
    await context.close();
  });
});
