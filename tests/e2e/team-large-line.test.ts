// /team for a line too large to score at once, in real Chromium: the page that asks for a team or a role
// passes axe in English and Welsh, and choosing a team by keyboard, without JavaScript, brings the scores.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { growTheServiceManagersLine } from "../support/large-line";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let smallTeam = 0;

beforeAll(async () => {
  smallTeam = (await growTheServiceManagersLine()).smallTeam;
});

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("passes axe where it asks for a team or a role", async () => {
    const { context, page } = await suite.signedIn("service.manager@demo.test", locale);
    await suite.expectAccessible(page, "/team");
    expect(await page.textContent("main .govuk-inset-text")).toContain(locale === "cy" ? "Dewiswch dîm neu rôl" : "Choose a team or a role");
    // No chart of bands and no table of people: nobody was scored.
    expect(await page.locator("main svg").count()).toBe(0);
    expect(await page.locator("main th[aria-sort]").count()).toBe(0);
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("chooses a team with the keyboard and shows its people scored", async () => {
    const { context, page } = await suite.signedIn("service.manager@demo.test", "en-GB", false);
    await page.goto(`${suite.url}/team`);
    await page.selectOption("select#team", String(smallTeam));
    await page.focus(".pathways-filter button");
    await Promise.all([page.waitForURL(/team=/), page.keyboard.press("Enter")]);
    expect(await page.locator(".govuk-inset-text").count()).toBe(0);
    expect(await page.locator("main th[aria-sort]").count()).toBeGreaterThan(0);
    await context.close();
  });
});
