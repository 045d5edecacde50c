// Level 5 pages in real Chromium that the app-wide pages test does not reach, in English and Welsh: a
// cohort nobody holds a place on yet, as L&D land on it after creating it, with axe finding nothing; a
// withdrawn learner's record, read-only; without JavaScript, refused forms shown again as they were sent;
// and the question asked before a unit is removed.
import { beforeAll, describe, expect, it, vi } from "vitest";
import cy from "../../../app/locales/cy/common.json";
import enGB from "../../../app/locales/en-GB/common.json";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { browserSuite } from "../../../tests/support/browser-suite";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { requestPlace, withdraw } from "../../../app/services/enrolment.server";
import plEnGB from "../locales/en-GB.json";
import plCy from "../locales/cy.json";
import * as newCohort from "../routes/cohorts.new";
import { leadershipDb, units } from "../server/progress.server";
import { saveUnits } from "../server/units.server";
import { cohortNamed, employeeOf, form, fullCohort, learnerOnCohortOne, peopleNamed, withoutLevel5Places } from "./support";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let cohortPath = "";

beforeAll(async () => {
  const fields = { name: "Cohort nobody has joined", startsOn: "2027-09-06", endsOn: "2028-04-30", capacity: "14", enrolmentOpensOn: "2027-05-01", enrolmentClosesOn: "2027-08-01", venue: "Civic Centre", onlineUrl: "", requiresManagerApproval: "yes", firstSession: "2027-09-06", cadence: "fortnightly", sessionCount: "16", sessionTime: "09:30", durationMinutes: "210" };
  const made = await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form(fields)));
  cohortPath = made.headers.get("Location")!.split("?")[0];
  // A second cohort open for booking now (no enrolment dates), beside the seed's Cohort 2.
  await run(newCohort.action, await requestAs("ld", "/programmes/leadership/cohorts/new", form({ ...fields, name: "Cohort open to book", enrolmentOpensOn: "", enrolmentClosesOn: "" })));
});

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("a new cohort's page and report say nobody holds a place yet, with no empty table, and pass axe", async () => {
    const text = locale === "cy" ? cy : enGB;
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    for (const path of [`${cohortPath}?created=1`, `${cohortPath}/report`]) {
      await suite.expectAccessible(page, path);
      expect(await page.textContent("main")).toContain(text.register.empty);
      const captions = await page.locator("main caption").allTextContents();
      expect(captions.filter((c) => c.includes(text.cohort.rosterCaption.replace("{{total}}", "0")) || c === text.report.peopleCaption)).toEqual([]);
    }
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("confirming guided learning, in %s", (locale) => {
  it("refuses confirming with nothing ticked, beside the boxes and in the summary, passing axe", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, `/programmes/leadership/cohorts/${cohortId}/learning`);
    await expectErrorsAccessible(page, "main button[name=intent][value=selected]");
    expect(await page.locator("#entry-error").count()).toBe(1);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("a learner holding a place, in %s", (locale) => {
  it("sees their sessions with calendar files and no request, passing axe", async () => {
    const manager = await personIdOf("manager");
    await withoutLevel5Places(manager);
    const placed = await requestPlace({ cohortId: (await cohortNamed("Cohort 1")).id, personId: manager, actor: { userId: null, personId: null }, direct: true });
    expect(placed.ok).toBe(true);
    const { context, page } = await suite.signedIn("manager@demo.test", locale);
    await suite.expectAccessible(page, "/programmes/leadership");
    expect(await page.locator("main a[href$='/calendar']").count()).toBeGreaterThan(1);
    expect(await page.locator("main form:has(input[name=intent][value=request])").count()).toBe(0);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("a refused request for a place, in %s", (locale) => {
  it("is said in the summary on the programme's page, passing axe", async () => {
    // One place a person: without one, the page offers a request on each open cohort.
    await withoutLevel5Places(await personIdOf("manager"));
    const { context, page } = await suite.signedIn("manager@demo.test", locale);
    await suite.expectAccessible(page, "/programmes/leadership");
    // A cohort gone between the page loading and the button being pressed.
    const request = "main form:has(input[name=intent][value=request])";
    await page.locator(`${request} input[name=cohort]`).first().evaluate((input) => ((input as HTMLInputElement).value = "999999"));
    await expectErrorsAccessible(page, `${request} button >> nth=0`);
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("a withdrawn learner, in %s", (locale) => {
  it("has their record shown read-only, saying why, with no forms, and passing axe", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("status", "=", "enrolled").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect((await withdraw(enrolment.id, "Left the council", { userId: null, personId: await personIdOf("admin") })).ok).toBe(true);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, `/programmes/leadership/cohorts/${cohortId}/learners/${enrolment.id}`);
    expect(await page.textContent("main .govuk-inset-text")).toContain((locale === "cy" ? plCy : plEnGB).learner.withdrawnRecord);
    expect(await page.locator("main form").count()).toBe(0);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("shows a refused unit result as typed, with its error beside the field and linked from the summary", async () => {
    const { id: cohortId } = await cohortNamed("Cohort 1");
    const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("status", "=", "enrolled").orderBy("id").executeTakeFirstOrThrow();
    const { context, page } = await suite.signedIn("ld@demo.test", locale, false);
    await page.goto(`${suite.url}/programmes/leadership/cohorts/${cohortId}/learners/${enrolment.id}`);
    const unitForm = page.locator("form:has(input[name=intent][value=unit])").nth(1);
    const unit = await unitForm.locator("input[name=unit]").getAttribute("value");
    await page.fill(`#unit-${unit}-submittedOn`, "2100-01-01");
    await page.selectOption(`#unit-${unit}-result`, "pass");
    await page.fill(`#unit-${unit}-feedback`, `Typed feedback (${locale})`);
    await Promise.all([page.waitForLoadState("load"), unitForm.locator("button").click()]);
    expect(await page.locator(`.govuk-error-summary a[href='#unit-${unit}-submittedOn']`).count()).toBe(1);
    expect(await page.locator(`#unit-${unit}-submittedOn-error`).count()).toBe(1);
    expect([await page.inputValue(`#unit-${unit}-submittedOn`), await page.inputValue(`#unit-${unit}-result`), await page.inputValue(`#unit-${unit}-feedback`)]).toEqual(["2100-01-01", "pass", `Typed feedback (${locale})`]);
    await context.close();
  });

  it("keeps the chosen cohort when a booking for someone outside the team is refused", async () => {
    const outsider = await employeeOf(await personIdOf("ld"));
    const { context, page } = await suite.signedIn("manager@demo.test", locale, false);
    await page.goto(`${suite.url}/programmes/leadership/team`);
    const options = await page.locator("#cohort option").evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(options.length).toBeGreaterThan(1);
    const chosen = options[options.length - 1];
    await page.selectOption("#cohort", chosen);
    await page.fill("#employee", outsider);
    await Promise.all([page.waitForLoadState("load"), page.click("main form button[type=submit]")]);
    expect(await page.locator(".govuk-error-summary a[href='#employee']").count()).toBe(1);
    expect(await page.locator("#employee-error").count()).toBe(1);
    expect(await page.locator("#cohort-error").count()).toBe(0);
    expect([await page.inputValue("#employee"), await page.inputValue("#cohort")]).toEqual([outsider, chosen]);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("a cohort that has begun, with a free place and a waiting list, in %s", (locale) => {
  it("shows L&D the free place, passes axe, and offers it to the first person waiting without JavaScript", async () => {
    const prefix = `OFFER${locale === "cy" ? "CY" : "EN"}`;
    const [holder, other, waiting] = await peopleNamed(prefix, 3);
    const { cohortId, places } = await fullCohort(`Begun, a place free (${locale})`, -7, [holder, other], [waiting]);
    await withdraw(places.get(holder)!, null, { userId: null, personId: null }, { promote: false });
    const text = locale === "cy" ? plCy : plEnGB;
    const path = `/programmes/leadership/cohorts/${cohortId}`;
    const shown = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(shown.page, path);
    expect(await shown.page.locator("main h2").allTextContents()).toContain(text.cohort.offerHeading);
    await shown.context.close();
    const { context, page } = await suite.signedIn("ld@demo.test", locale, false);
    await page.goto(`${suite.url}${path}`);
    await Promise.all([page.waitForLoadState("load"), page.click("main form:has(input[name=intent][value=offer]) button")]);
    expect(await page.textContent(".govuk-notification-banner")).toContain(locale === "cy" ? plCy.cohort.offered.replace("{{count}}", "1") : plEnGB.cohort.offered_one);
    expect(await page.locator("main form:has(input[name=intent][value=offer])").count()).toBe(0);
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", places.get(waiting)!).executeTakeFirstOrThrow()).status).toBe("enrolled");
    await context.close();
  });
});

/** A unit L&D added, and the number the rules page shows it under. */
async function unitAdded(title: string) {
  expect(await saveUnits(new Map(), title, { userId: null, personId: await personIdOf("ld") })).toEqual({ ok: true });
  const all = await units();
  const index = all.findIndex((u) => u.title === title);
  return { id: all[index].id, number: index + 1 };
}

const unitStillThere = async (unitId: number) => (await leadershipDb().selectFrom("leadership_units").select("id").where("id", "=", unitId).executeTakeFirst()) !== undefined;

describe.each(["en-GB", "cy"] as const)("removing a unit, in %s", (locale) => {
  it("asks first, on pages passing axe, moving focus to the question, and cancelling changes nothing", async () => {
    const text = locale === "cy" ? plCy : plEnGB;
    const withResults = await leadershipDb().selectFrom("leadership_unit_results").select("unit_id").orderBy("unit_id").executeTakeFirstOrThrow();
    const asked = await unitAdded(`Asked about (${locale})`);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, `/programmes/leadership/settings?remove=${withResults.unit_id}`);
    expect(await page.locator("main form").count()).toBe(0);
    await suite.expectAccessible(page, `/programmes/leadership/settings?remove=${asked.id}`);
    expect(await page.textContent("main h1")).toBe(text.settings.removal.title.replace("{{number}}", String(asked.number)));
    await suite.expectAccessible(page, "/programmes/leadership/settings");
    await page.click(`#remove-unit-${asked.id}`);
    await page.waitForSelector("main h1:focus");
    expect(await page.textContent("main h1")).toBe(text.settings.removal.title.replace("{{number}}", String(asked.number)));
    await page.click("main .govuk-button-group a");
    await page.waitForSelector(`#remove-unit-${asked.id}`);
    expect(await unitStillThere(asked.id)).toBe(true);
    await context.close();
  });

  it("refuses one given a result while it was being confirmed, beside its button and in the summary, passing axe, and changes nothing", async () => {
    const unit = await unitAdded(`Assessed while asked about (${locale})`);
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await suite.expectAccessible(page, `/programmes/leadership/settings?remove=${unit.id}`);
    const learner = await learnerOnCohortOne();
    expect((await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-01", result: "pass" })).status).toBe(200);
    const button = `#remove-unit-${unit.id}`;
    await expectErrorsAccessible(page, "main .govuk-button-group button");
    expect(await page.locator(`.govuk-error-summary a[href='${button}']`).count()).toBe(1);
    expect(await page.locator(`${button}-error`).count()).toBe(1);
    expect(await unitStillThere(unit.id)).toBe(true);
    await context.close();
  });

  it("removes one added by mistake without JavaScript, after asking, and says so", async () => {
    const text = locale === "cy" ? plCy : plEnGB;
    const { context, page } = await suite.signedIn("ld@demo.test", locale, false);
    const mistake = `Added by mistake (${locale})`;
    await page.goto(`${suite.url}/programmes/leadership/settings`);
    await page.fill("main input[name=newUnit]", mistake);
    await Promise.all([page.waitForNavigation(), page.click("main button[type=submit]:not([form])")]);
    const added = await leadershipDb().selectFrom("leadership_units").select("id").where("title", "=", mistake).executeTakeFirstOrThrow();
    await Promise.all([page.waitForNavigation(), page.click(`#remove-unit-${added.id}`)]);
    expect(await page.textContent("main .govuk-inset-text")).toBe(mistake);
    expect(await unitStillThere(added.id)).toBe(true);
    await Promise.all([page.waitForNavigation(), page.click("main .govuk-button-group button")]);
    expect(await page.textContent(".govuk-notification-banner")).toContain(text.settings.removed);
    expect(await unitStillThere(added.id)).toBe(false);
    await context.close();
  });
});
