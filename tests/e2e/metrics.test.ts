// The quarterly key-metrics pack in real Chromium, in English and Welsh: axe finds nothing, the quarter and
// scope are chosen without JavaScript, the CSV downloads, and printing leaves out everything but the report.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let north: { id: number; name: string };

beforeAll(async () => {
  north = await db().selectFrom("org_units").select(["id", "name"]).where("parent_id", "is", null).where("kind", "=", "locality").orderBy("name").executeTakeFirstOrThrow();
});

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("passes axe for the current quarter, an earlier one and nonsense in the address", async () => {
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    for (const url of ["/admin/reports", "/admin/reports/metrics", `/admin/reports/metrics?quarter=2026-Q1&scope=${north.id}`, "/admin/reports/metrics?quarter=zzz&scope=zzz"]) {
      await suite.expectAccessible(page, url);
    }
    await context.close();
  });
});

describe("without JavaScript", () => {
  it("chooses a quarter and a locality with the form, and downloads the same figures as CSV", async () => {
    const { context, page } = await suite.signedIn("ld@demo.test", "en-GB", false);
    await page.goto(`${suite.url}/admin/reports`);
    await page.click("text=Quarterly key metrics");
    await page.selectOption("#scope", String(north.id));
    const earlier = await page.locator("#quarter option").nth(1).getAttribute("value");
    await page.selectOption("#quarter", earlier!);
    await page.click("main form button");
    await page.waitForURL(/scope=/);
    expect(new URL(page.url()).searchParams.get("quarter")).toBe(earlier);
    expect(await page.locator("main h2").first().textContent()).toContain(north.name);
    const rows = await page.locator("main table tbody tr").count();
    expect(rows).toBeGreaterThan(5);
    for (const programme of ["Level 5", "NAAS", "Research in Practice", "Apprentices"]) {
      expect(await page.locator("main table").textContent(), programme).toContain(programme);
    }
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("text=Download these figures as a spreadsheet (CSV)")]);
    const csv = await (await download.createReadStream()).toArray();
    const lines = Buffer.concat(csv).toString("utf8").replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines.length).toBe(rows + 1);
    await context.close();
  });

  it("prints the report alone: no header, navigation, filters or footer", async () => {
    const { context, page } = await suite.signedIn("admin@demo.test", "en-GB", false);
    await page.goto(`${suite.url}/admin/reports/metrics`);
    await page.emulateMedia({ media: "print" });
    for (const selector of [".govuk-header", ".govuk-service-navigation", ".govuk-footer", "main form"]) expect(await page.locator(selector).first().isVisible()).toBe(false);
    expect(await page.locator("main table").isVisible()).toBe(true);
    expect(await page.locator("main svg.pathways-chart").isVisible()).toBe(true);
    await page.emulateMedia({ media: "screen" });
    expect(await page.locator(".govuk-header").isVisible()).toBe(true);
    await context.close();
  });
});
