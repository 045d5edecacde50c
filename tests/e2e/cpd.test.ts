// The CPD record in real Chromium, in English and Welsh, with axe finding nothing (the error state
// too): the practitioner's /me/cpd, the change page, the reflection page of a programme's entry, the page
// laid out for copying, and their manager's view; and adding, changing, deleting and reflecting on an entry
// with JavaScript switched off (axe needs JavaScript, so the error states are checked with it on).
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it, vi } from "vitest";
import cy from "../../app/locales/cy/common.json";
import enGB from "../../app/locales/en-GB/common.json";
import { registrationYearOf } from "../../app/services/cpd-standing.server";
import { londonToday } from "../../app/utils/london-time";
import { db } from "../../app/utils/db.server";
import { expectErrorsAccessible } from "../support/browser";
import { personIdOf } from "../support/fixtures";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let alex: number;
let programmeEntry: number;
let ownEntry: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  // A programme's entry, shown with the programme's name, waiting for Alex's reflection.
  const [row] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: alex, source: "research-in-practice", source_ref: "e2e:1", title: "Hearing the voice of the child", occurred_on: londonToday(new Date()), hours: 3.5, reflection: null, learning: null, practice_impact: null, peer_reflection: 0, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  programmeEntry = row.id;
  const [own] = await db()
    .insertInto("cpd_entries")
    .values({ person_id: alex, source: "own", source_ref: null, title: "Reading on neglect", occurred_on: londonToday(new Date()), hours: 1, reflection: null, learning: "Signs of neglect", practice_impact: "Earlier help", peer_reflection: 1, created_at: new Date().toISOString() })
    .returning("id")
    .execute();
  ownEntry = own.id;
});

const { signedIn, expectAccessible } = suite;
const year = () => registrationYearOf(londonToday(new Date())).id;

async function fillEntry(page: Page, title: string, peer: "yes" | "no") {
  await page.fill("form#cpd-entry input[name=title]", title);
  await page.fill("form#cpd-entry input[name=occurredOn]", londonToday(new Date()));
  await page.fill("form#cpd-entry input[name=hours]", "2.5");
  await page.fill("form#cpd-entry textarea[name=learning]", "How to hear what a young child means.");
  await page.fill("form#cpd-entry textarea[name=practiceImpact]", "I plan direct work before every visit.");
  await page.check(`form#cpd-entry input[name=peerReflection][value=${peer}]`);
}

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  const text = locale === "cy" ? cy : enGB;

  it("a practitioner's CPD pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("practitioner@demo.test", locale);
    await expectAccessible(page, "/me/cpd");
    expect(await page.textContent("h1")).toBe(text.cpd.title);
    expect(await page.textContent("main")).toContain(text.cpd.writtenBy.replace("{{programme}}", ""));
    // A programme's entry asks for the person's reflection, which makes it count.
    expect(await page.textContent(`a[href='/me/cpd/entries/${programmeEntry}']`)).toContain(text.cpd.addReflection);
    expect(await page.textContent("main")).toContain(text.cpd.status.awaiting);
    await expectErrorsAccessible(page, "form#cpd-entry button[type=submit]");
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(6);
    expect(await page.locator("form#cpd-entry .govuk-error-message").count()).toBe(6);
    // A date after today is refused, next to the field and in the summary.
    await fillEntry(page, `Future (${locale})`, "yes");
    await page.fill("form#cpd-entry input[name=occurredOn]", "2100-01-01");
    await expectErrorsAccessible(page, "form#cpd-entry button[type=submit]");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.cpd.errors.dateFuture);
    await expectAccessible(page, `/me/cpd/entries/${ownEntry}`);
    // Deleting asks first, on a page of its own.
    await expectAccessible(page, `/me/cpd/entries/${ownEntry}?delete=confirm`);
    await expectAccessible(page, `/me/cpd/entries/${ownEntry}`);
    await page.fill("form#cpd-entry input[name=hours]", "101");
    await expectErrorsAccessible(page, "form#cpd-entry button[type=submit]");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.cpd.errors.hours);
    await expectAccessible(page, `/me/cpd/entries/${programmeEntry}`);
    expect(await page.textContent("h1")).toBe(text.cpd.reflectTitle);
    await expectErrorsAccessible(page, "form#cpd-reflection button[type=submit]");
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(3);
    expect(await page.locator("form#cpd-reflection .govuk-error-message").count()).toBe(3);
    await expectAccessible(page, `/me/cpd/year/${year()}`);
    await expectAccessible(page, "/me/cpd?year=2022-2023");
    await context.close();
  });

  it("a manager sees a team member's CPD status and entries, and passes axe", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    await expectAccessible(page, `/team/${alex}`);
    expect(await page.textContent("main")).toContain(text.cpd.team.heading);
    expect(await page.textContent("main")).toContain("Hearing the voice of the child");
    // Told to the manager about Alex, not as if to Alex.
    expect(await page.textContent("main")).toContain(text.readiness.scoreHintOther);
    expect(await page.textContent("main")).not.toContain(text.readiness.scoreHint);
    await expectAccessible(page, "/team");
    expect(await page.textContent("main")).toContain(text.readiness.cpd.label);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("adds, changes and deletes an entry, with the error state first", async () => {
    const text = locale === "cy" ? cy : enGB;
    const title = `Direct work with young children (${locale})`;
    const { context, page } = await signedIn("practitioner@demo.test", locale, false);
    await page.goto(`${suite.url}/me/cpd`);
    await page.click("form#cpd-entry button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(6);
    await fillEntry(page, title, "yes");
    await Promise.all([page.waitForURL(/saved=added/), page.click("form#cpd-entry button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.cpd.saved.added);
    const entry = await db().selectFrom("cpd_entries").select(["id", "peer_reflection"]).where("person_id", "=", alex).where("title", "=", title).executeTakeFirstOrThrow();
    expect(entry.peer_reflection).toBe(1);

    await Promise.all([page.waitForURL(new RegExp(`/me/cpd/entries/${entry.id}$`)), page.click(`a[href='/me/cpd/entries/${entry.id}']`)]);
    await page.fill("form#cpd-entry input[name=hours]", "500");
    await page.click("form#cpd-entry button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.cpd.errors.hours);
    await page.fill("form#cpd-entry input[name=hours]", "3");
    await page.check("form#cpd-entry input[name=peerReflection][value=no]");
    await Promise.all([page.waitForURL(/saved=changed/), page.click("form#cpd-entry button[type=submit]")]);
    expect(await db().selectFrom("cpd_entries").select(["hours", "peer_reflection"]).where("id", "=", entry.id).executeTakeFirstOrThrow()).toEqual({ hours: 3, peer_reflection: 0 });

    // Deleting asks first: "Delete entry" is a link to a confirmation, which alone posts the deletion.
    await page.goto(`${suite.url}/me/cpd/entries/${entry.id}`);
    expect(await page.locator("main form:not(#cpd-entry)").count()).toBe(0);
    await Promise.all([page.waitForURL(/delete=confirm/), page.click("main a[href$='?delete=confirm']")]);
    expect(await page.textContent("h1")).toContain(title);
    expect(await db().selectFrom("cpd_entries").select("id").where("id", "=", entry.id).executeTakeFirst()).toBeDefined();
    await Promise.all([page.waitForURL(/saved=deleted/), page.click("main form button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.cpd.saved.deleted);
    expect(await db().selectFrom("cpd_entries").select("id").where("id", "=", entry.id).executeTakeFirst()).toBeUndefined();
    await context.close();
  });

  it("reflects on a programme's entry, with the error state first", async () => {
    const text = locale === "cy" ? cy : enGB;
    const { context, page } = await signedIn("practitioner@demo.test", locale, false);
    await page.goto(`${suite.url}/me/cpd`);
    await Promise.all([page.waitForURL(new RegExp(`/me/cpd/entries/${programmeEntry}$`)), page.click(`a[href='/me/cpd/entries/${programmeEntry}']`)]);
    await page.fill("form#cpd-reflection textarea[name=learning]", "");
    await page.click("form#cpd-reflection button[type=submit]");
    await page.waitForSelector(".govuk-error-summary");
    expect(await page.textContent(".govuk-error-summary")).toContain(text.cpd.errors.learning);
    await page.fill("form#cpd-reflection textarea[name=learning]", `What the child's words meant (${locale}).`);
    await page.fill("form#cpd-reflection textarea[name=practiceImpact]", "I record the child's own words.");
    await page.check("form#cpd-reflection input[name=peerReflection][value=yes]");
    await Promise.all([page.waitForURL(/saved=reflected/), page.click("form#cpd-reflection button[type=submit]")]);
    expect(await page.textContent(".govuk-notification-banner--success")).toContain(text.cpd.saved.reflected);
    const entry = await db().selectFrom("cpd_entries").select(["title", "learning", "peer_reflection"]).where("id", "=", programmeEntry).executeTakeFirstOrThrow();
    expect(entry).toEqual({ title: "Hearing the voice of the child", learning: `What the child's words meant (${locale}).`, peer_reflection: 1 });
    await context.close();
  });
});
