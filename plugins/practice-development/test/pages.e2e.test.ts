// Practice development in real Chromium, in English and Welsh, with axe finding nothing (error states
// too); and confirming a briefing, starting a rollout and reading its progress with JavaScript off.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { expectErrorsAccessible, waitForHydration } from "../../../tests/support/browser";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { browserSuite } from "../../../tests/support/browser-suite";
import { run } from "../../../tests/support/route";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import { pdDb } from "../server/db.server";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
const ids = { briefings: new Map<string, number>(), rollout: 0, cohort: 0, course: 0, emptySession: "" };
const base = "/programmes/practice-development";

beforeAll(async () => {
  for (const b of await pdDb().selectFrom("practice_development_briefings").select(["id", "title"]).execute()) ids.briefings.set(b.title, b.id);
  ids.rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
  ids.cohort = (await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "briefing").orderBy("cohort_id").executeTakeFirstOrThrow()).cohort_id;
  ids.course = (await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_course").executeTakeFirstOrThrow()).cohort_id;
  // A session of the same briefing that nobody has booked yet.
  const briefing = (await pdDb().selectFrom("practice_development_cohorts").select("briefing_id").where("cohort_id", "=", ids.cohort).executeTakeFirstOrThrow()).briefing_id;
  const inForty = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  const fields = { kind: "briefing", briefing: String(briefing), name: "Nobody booked yet", firstDate: inForty, time: "10:00", durationMinutes: "90", days: "1", capacity: "20" };
  const made = await run(newSession.action, await requestAs("ld", `${base}/briefings/sessions/new`, { method: "POST", body: new URLSearchParams(fields) }));
  ids.emptySession = made.headers.get("Location")!.split("?")[0];
  // The ASYE started recently, so has an induction checklist.
  await db().updateTable("people").set({ employment_start: new Date(Date.now() - 20 * 86_400_000).toISOString().slice(0, 10) }).where("id", "=", await personIdOf("asye")).execute();
});

const { signedIn, expectAccessible } = suite;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("a practitioner's pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("asye@demo.test", locale);
    for (const url of [base, `${base}/briefings/${ids.briefings.get("Pathway plan training")}`, `${base}/briefings/${ids.briefings.get("Permanence")}`, `${base}/induction`, `${base}/briefings/signs-of-safety`, "/me"]) await expectAccessible(page, url);
    // The course needs the introduction first: booking it without is refused, with an accessible error.
    await page.goto(`${suite.url}${base}/briefings/signs-of-safety`, { waitUntil: "networkidle" });
    await waitForHydration(page, "main");
    await page.evaluate((course) => {
      const form = document.createElement("form");
      form.method = "post";
      form.id = "forced";
      form.innerHTML = `<input type="hidden" name="cohort" value="${course}"><button type="submit">Book</button>`;
      document.querySelector("main")!.appendChild(form);
    }, ids.course);
    await expectErrorsAccessible(page, "form#forced button");
    expect(await page.textContent(".govuk-error-summary")).toContain((locale === "cy" ? cy : enGB).sessions.errors.prerequisite);
    await context.close();
  });

  it("L&D pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    for (const url of [base, `${base}/briefings/${ids.briefings.get("Permanence")}`, `${base}/rollouts`, `${base}/rollouts/${ids.rollout}`, `${base}/briefings/sessions/${ids.cohort}`, `${base}/induction/team`, `${base}/briefings/${ids.briefings.get("Private fostering")}/edit`]) await expectAccessible(page, url);
    await expectAccessible(page, `${base}/briefings/new`);
    await expectErrorsAccessible(page, "form#briefing button[type=submit]");
    await expectAccessible(page, `${base}/briefings/${ids.briefings.get("Private fostering")}/edit`);
    await page.fill("#title", "");
    await expectErrorsAccessible(page, "form#briefing button[type=submit]");
    await expectAccessible(page, `${base}/induction/team`);
    await page.fill("#days", "");
    await expectErrorsAccessible(page, "form#induction-settings button");
    await expectAccessible(page, `${base}/rollouts/new`);
    await expectErrorsAccessible(page, "form#rollout button[type=submit]");
    await expectAccessible(page, `${base}/briefings/sessions/new`);
    await page.fill("#capacity", "");
    await expectErrorsAccessible(page, "form#session-cohort button[type=submit]");
    // Nobody booked or waiting: a sentence with the places, where there was a caption of 0 over an empty table.
    const text = locale === "cy" ? cy : enGB;
    await expectAccessible(page, ids.emptySession);
    expect(await page.textContent("main")).toContain(text.sessions.rosterEmpty.replace("{{capacity}}", "20"));
    const caption = "rosterCaption" in text.sessions ? text.sessions.rosterCaption : text.sessions.rosterCaption_other;
    expect(await page.locator("main caption", { hasText: caption.split("(")[0].trim() }).count()).toBe(0);
    await context.close();
  });

  it("a manager's pages pass axe, and an unknown rollout is a page in the layout", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    for (const url of [`${base}/rollouts`, `${base}/rollouts/${ids.rollout}`, `${base}/induction/team`, "/team"]) await expectAccessible(page, url);
    const response = await page.goto(`${suite.url}${base}/rollouts/999999`);
    expect(response?.status()).toBe(404);
    expect(await page.locator("main h1").count()).toBe(1);
    await context.close();
  });

  it("words an induction period of one day for one, and puts the setting back", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    const intro = async () => (await page.textContent("main p.govuk-body"))!.replace(/\s+/g, " ");
    const lastDays = (days: string) =>
      locale === "cy" ? new RegExp(`Pobl a ddechreuodd yn ystod y ${days} diwrnod diwethaf: \\d+\\.`) : new RegExp(`People who started in the last ${days} ${days === "1" ? "day" : "days"}: \\d+\\.`);
    await page.goto(`${suite.url}${base}/induction/team`, { waitUntil: "networkidle" });
    await waitForHydration(page, "form#induction-settings button");
    expect(await intro()).toMatch(lastDays("180"));
    // The page's URL says ?saved=1 after the first save already, so each save waits for its own words.
    for (const days of ["1", "180"]) {
      await page.fill("#days", days);
      await page.click("form#induction-settings button");
      await expect.poll(intro, { timeout: 15_000 }).toMatch(lastDays(days));
    }
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("shows a rejected briefing edit and a rejected new session as they were sent", async () => {
    const text = locale === "cy" ? cy : enGB;
    const fields = new URLSearchParams({ title: `Kept on error (${locale})`, summary: "What to know", linkUrl: "https://intranet.example.org/kept", delivery: "read" });
    const made = await run(newBriefing.action, await requestAs("ld", `${base}/briefings/new`, { method: "POST", body: fields }));
    const edit = `${made.headers.get("Location")!.split("?")[0]}/edit`;
    const { context, page } = await signedIn("ld@demo.test", locale, false);

    // A blank title with "new version" ticked: the tick must survive, or fixing the title saves an ordinary edit.
    await page.goto(`${suite.url}${edit}`);
    await page.fill("#title", "");
    await page.check("input[name=newVersion]");
    await Promise.all([page.waitForLoadState("load"), page.click("form#briefing button[type=submit]")]);
    expect(await page.textContent(".govuk-error-summary")).toContain(text.briefing.errors.titleRequired);
    expect(await page.inputValue("#title")).toBe("");
    expect(await page.isChecked("input[name=newVersion]")).toBe(true);
    await page.fill("#title", `Kept on error, version 2 (${locale})`);
    await Promise.all([page.waitForURL(/saved=version/), page.click("form#briefing button[type=submit]")]);

    // Blank time, length, days and places stay blank beside their errors, not refilled with the defaults.
    await page.goto(`${suite.url}${base}/briefings/sessions/new`);
    for (const field of ["#time", "#durationMinutes", "#days", "#capacity"]) await page.fill(field, "");
    await Promise.all([page.waitForLoadState("load"), page.click("form#session-cohort button[type=submit]")]);
    await page.waitForSelector(".govuk-error-summary");
    for (const field of ["time", "durationMinutes", "days", "capacity"]) {
      expect(await page.inputValue(`#${field}`)).toBe("");
      expect(await page.locator(`#${field}-error`).count()).toBe(1);
    }
    await context.close();
  });

  it("closes a rollout and reopens it without JavaScript, and its closed pages pass axe", async () => {
    const text = locale === "cy" ? cy : enGB;
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id", "desc").executeTakeFirstOrThrow()).id;
    const page = `${base}/rollouts/${rollout}`;
    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}${page}`);
    await Promise.all([ld.page.waitForURL(/saved=closed/), ld.page.click(`main form button:has-text("${text.rollout.close}")`)]);
    expect(await ld.page.textContent(".govuk-notification-banner--success")).toContain(text.saved.rolloutClosed);
    expect(await ld.page.textContent("main .govuk-inset-text")).toContain(text.rollout.closedOnBy.split(" {{")[0]);
    const officer = await signedIn("ld@demo.test", locale);
    await expectAccessible(officer.page, `${page}?saved=closed`);
    await expectAccessible(officer.page, `${base}/rollouts`);
    expect(await officer.page.locator("main h2", { hasText: text.rollouts.closedHeading }).count()).toBe(1);
    await officer.context.close();
    const manager = await signedIn("manager@demo.test", locale);
    await expectAccessible(manager.page, page);
    expect(await manager.page.locator("main form").count()).toBe(0);
    await manager.context.close();
    await ld.page.goto(`${suite.url}${page}`);
    await Promise.all([ld.page.waitForURL(/saved=reopened/), ld.page.click(`main form button:has-text("${text.rollout.reopen}")`)]);
    expect(await ld.page.locator("main .govuk-inset-text").count()).toBe(0);
    await ld.context.close();
  });

  it("confirms a briefing, starts a rollout and reads its progress", async () => {
    const text = locale === "cy" ? cy : enGB;
    const title = locale === "cy" ? "Private fostering" : "What a good assessment looks like (Signs of Safety)";
    const briefingId = ids.briefings.get(title)!;

    const learner = await signedIn("practitioner@demo.test", locale, false);
    await learner.page.goto(`${suite.url}${base}`);
    await Promise.all([learner.page.waitForURL(new RegExp(`briefings/${briefingId}$`)), learner.page.click(`main a[href$='briefings/${briefingId}']`)]);
    await Promise.all([learner.page.waitForURL(/saved=confirmed/), learner.page.click("main form button[type=submit]")]);
    expect(await learner.page.textContent(".govuk-notification-banner--success")).toContain(text.saved.confirmed);
    expect(await learner.page.textContent("main")).toContain(text.coverage.covered);
    await learner.context.close();

    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}${base}/rollouts/new?briefing=${briefingId}`);
    await ld.page.fill("#dueOn", new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10));
    await ld.page.fill("#targetPercent", "75");
    await ld.page.check("#roles-social_worker");
    await Promise.all([ld.page.waitForURL(/rollouts\/\d+\?saved=1/), ld.page.click("form#rollout button[type=submit]")]);
    expect(await ld.page.textContent(".govuk-notification-banner--success")).toContain(text.saved.rollout);
    expect(await ld.page.locator("svg[role=img] title").textContent()).toContain(title);
    expect(await ld.page.locator("main table").count()).toBe(2);
    const csv = await ld.page.request.get(`${ld.page.url().split("?")[0]}/export`);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    await ld.context.close();
  });
});
