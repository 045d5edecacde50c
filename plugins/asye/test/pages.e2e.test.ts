// The ASYE year's pages in real Chromium, in English and Welsh, with axe finding nothing (error states
// too), and recording with JavaScript switched off: a supervision session, and L&D starting a year.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { personIdOf } from "../../../tests/support/fixtures";
import { browserSuite } from "../../../tests/support/browser-suite";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let ids: { demoYear: number; gapYear: number; awaitingYear: number };

beforeAll(async () => {
  const demoYear = await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", await personIdOf("asye")).executeTakeFirstOrThrow();
  // The seed gives one of the demo manager's ASYE workers a supervision gap, and one year awaits the decision.
  const manager = await personIdOf("manager");
  const team = await asyeDb().selectFrom("asye_years as y").innerJoin("people as p", "p.id", "y.person_id").select(["y.id", "y.person_id"]).where("p.line_manager_id", "=", manager).where("p.email", "!=", "asye@demo.test").orderBy("y.id").execute();
  const awaiting = await asyeDb().selectFrom("asye_years").select("id").where("recommendation", "is not", null).where("decision", "is", null).orderBy("id").executeTakeFirstOrThrow();
  ids = { demoYear: demoYear.id, gapYear: team[0].id, awaitingYear: awaiting.id };
});

const { signedIn, expectAccessible } = suite;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("the worker's own year and their dashboard pass axe", async () => {
    const { context, page } = await signedIn("asye@demo.test", locale);
    await expectAccessible(page, "/programmes/asye");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    const text = locale === "cy" ? cy : enGB;
    expect(await page.textContent("main")).toContain(text.home.myYear);
    expect(await page.locator("main form").count()).toBe(0);
    await expectAccessible(page, "/me");
    await context.close();
  });

  it("a manager's list and year pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    await expectAccessible(page, "/programmes/asye/years");
    await expectAccessible(page, "/programmes/asye/years?status=in_progress&q=zz");
    await expectAccessible(page, `/programmes/asye/years/${ids.gapYear}`);
    await expectErrorsAccessible(page, "form#review button[type=submit]");
    expect(await page.locator(".govuk-error-summary li").count()).toBe(4);
    await expectAccessible(page, `/programmes/asye/years/${ids.gapYear}`);
    await expectErrorsAccessible(page, "form#evidence button[type=submit]");
    await expectAccessible(page, `/programmes/asye/years/${ids.gapYear}`);
    await page.fill("#supervision-heldOn", "");
    await expectErrorsAccessible(page, "form#supervision button[type=submit]");
    await expectAccessible(page, `/programmes/asye/years/${ids.demoYear}`);
    await page.fill("#leave-startsOn", "2026-05-10");
    await page.fill("#leave-endsOn", "2026-05-01");
    await expectErrorsAccessible(page, "form#leave button[type=submit]");
    await expectAccessible(page, "/team");
    await context.close();
  });

  it("L&D's start, decision and settings pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    await expectAccessible(page, "/programmes/asye/years/new");
    const waiting = await page.locator("main table a").first().getAttribute("href");
    expect(waiting).toMatch(/^\/programmes\/asye\/years\/new\?person=\d+$/);
    await expectAccessible(page, waiting!);
    await page.fill("#start-assessor", "");
    await expectErrorsAccessible(page, "form#start button[type=submit]");
    await expectAccessible(page, `/programmes/asye/years/${ids.awaitingYear}`);
    await page.check("form#decision input[value=extend]");
    await expectErrorsAccessible(page, "form#decision button[type=submit]");
    await expectAccessible(page, "/programmes/asye/settings");
    await page.fill("#settings-longLeaveDays", "forever");
    await expectErrorsAccessible(page, "form#settings button[type=submit]");
    await expectAccessible(page, "/programmes/asye/years/999999");
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("a manager records the supervision that closes a gap, and L&D start a year", async () => {
    const text = locale === "cy" ? cy : enGB;
    const manager = await signedIn("manager@demo.test", locale, false);
    await manager.page.goto(`${suite.url}/programmes/asye/years/${ids.gapYear}`);
    await manager.page.fill("#supervision-heldOn", plusDays(new Date().toISOString().slice(0, 10), locale === "cy" ? -2 : -1));
    await Promise.all([manager.page.waitForURL(/saved=supervision/), manager.page.click("form#supervision button[type=submit]")]);
    expect(await manager.page.textContent(".govuk-notification-banner--success")).toContain(text.year.saved.supervision);
    expect(await manager.page.textContent("main")).not.toContain(text.supervision.overdueTag);
    await manager.context.close();

    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}/programmes/asye/years/new`);
    await Promise.all([ld.page.waitForURL(/person=/), ld.page.click("main table a >> nth=0")]);
    const assessor = await asyeDb().selectFrom("people").select("employee_number").where("email", "=", "practitioner@demo.test").executeTakeFirstOrThrow();
    await ld.page.fill("#start-assessor", assessor.employee_number);
    await Promise.all([ld.page.waitForURL(/saved=started/), ld.page.click("form#start button[type=submit]")]);
    expect(await ld.page.textContent(".govuk-notification-banner--success")).toContain(text.year.saved.started);
    await ld.context.close();
  });
});
