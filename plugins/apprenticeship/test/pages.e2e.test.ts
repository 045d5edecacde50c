// The apprenticeship's pages in real Chromium, in English and Welsh, with axe finding nothing (error
// states too); and its flows with JavaScript switched off: apply, support, shortlist, score, decide,
// log off-the-job hours, record a review and a ledger entry.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { DEMO_EMAILS, personIdOf } from "../../../tests/support/fixtures";
import { browserSuite } from "../../../tests/support/browser-suite";
import { managerWithNoAccount } from "../../../tests/support/no-manager-on-portal";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let ids: { intake: number; openCohort: number; application: number; apprentice: number; forLearningTeam: number; fromManagersLine: number; ledgerPayment: number };

beforeAll(async () => {
  const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "c.id as cohort"]).where("c.name", "=", "Intake 2").executeTakeFirstOrThrow();
  const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("shortlisted", "=", 1).where("decision", "is", null).executeTakeFirstOrThrow();
  const manager = await personIdOf("manager");
  const apprentice = (await apprentices()).find((a) => a.lineManagerId === manager)!;
  const payment = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", "payment").orderBy("id", "desc").limit(1).executeTakeFirstOrThrow();
  ids = { intake: intake.id, openCohort: intake.cohort, application: application.id, apprentice: apprentice.personId, forLearningTeam: await applicationWithNoManagerOnPortal(intake.id), fromManagersLine: await applicationFromManagersLine(intake.id), ledgerPayment: payment.id };
  // The demo practitioner is made an apprentice on the current intake, so their own log can be used.
  const current = await apprenticeshipDb().selectFrom("cohorts").select("id").where("programme_id", "=", "apprenticeship").where("name", "=", "Intake 1").executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  await db().insertInto("enrolments").values({ cohort_id: current.id, person_id: await personIdOf("asye"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).execute();
});

/** An application waiting for the demo manager's support, from someone on their line (never a demo account). */
async function applicationFromManagersLine(intakeId: number) {
  const applicant = await db()
    .selectFrom("people")
    .select("id")
    .where("line_manager_id", "=", await personIdOf("manager"))
    .where("email", "not in", Object.values(DEMO_EMAILS))
    .where("id", "not in", apprenticeshipDb().selectFrom("apprenticeship_applications").select("person_id"))
    .orderBy("id")
    .executeTakeFirstOrThrow();
  return pendingApplication(intakeId, applicant.id);
}

async function pendingApplication(intakeId: number, personId: number) {
  const now = new Date().toISOString();
  const [made] = await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values({ intake_id: intakeId, person_id: personId, statement: "I want to train.", current_role: "Family support worker", service_months: 24, english: "held", maths: "held", manager_support: "pending", shortlisted: 0, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  return made.id;
}

/**
 * An application, waiting for the manager's support, from someone (never a demo account) whose line manager
 * has no account and heads their own line: L&D record that support instead.
 */
async function applicationWithNoManagerOnPortal(intakeId: number) {
  const applicant = await db()
    .selectFrom("people")
    .select(["id", "team_id"])
    .where("email", "not in", Object.values(DEMO_EMAILS))
    .where("id", "not in", apprenticeshipDb().selectFrom("apprenticeship_applications").select("person_id"))
    .where("id", "not in", db().selectFrom("people").select("line_manager_id").where("line_manager_id", "is not", null))
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await db().updateTable("people").set({ line_manager_id: await managerWithNoAccount(applicant.team_id) }).where("id", "=", applicant.id).execute();
  return pendingApplication(intakeId, applicant.id);
}

const { signedIn, expectAccessible } = suite;
const submitAndCheck = expectErrorsAccessible;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("an applicant's and an apprentice's pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("asye@demo.test", locale);
    await expectAccessible(page, "/programmes/apprenticeship");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    await submitAndCheck(page, "form#otj button[type=submit]");
    // An apprentice already holds a place: the apply page says so, with no form.
    await expectAccessible(page, `/programmes/apprenticeship/apply/${ids.intake}`);
    expect(await page.locator("form#apply").count()).toBe(0);
    await expectAccessible(page, "/me");
    await context.close();
  });

  it("an applicant's form passes axe, with its errors", async () => {
    const { context, page } = await signedIn("practitioner@demo.test", locale);
    await expectAccessible(page, `/programmes/apprenticeship/apply/${ids.intake}`);
    await submitAndCheck(page, "form#apply button[type=submit]");
    await context.close();
  });

  it("a manager's pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("manager@demo.test", locale);
    await expectAccessible(page, "/team");
    await expectAccessible(page, `/programmes/apprenticeship/apprentices/${ids.apprentice}`);
    await submitAndCheck(page, "form#review button[type=submit]");
    const support = `/programmes/apprenticeship/applications/${ids.fromManagersLine}/support`;
    await expectAccessible(page, support);
    // The page as it reads after saving: the banner and the way back to the team.
    await expectAccessible(page, `${support}?saved=withheld`);
    await page.check("input[name=support][value=withheld]");
    await submitAndCheck(page, "form#support button[type=submit]");
    await context.close();
  });

  it("L&D pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    for (const url of ["/admin", "/programmes/apprenticeship", "/programmes/apprenticeship/apprentices", `/programmes/apprenticeship/intakes/${ids.intake}`]) await expectAccessible(page, url);
    await expectAccessible(page, "/programmes/apprenticeship/intakes");
    await submitAndCheck(page, "form#intake button[type=submit]");
    await expectAccessible(page, `/programmes/apprenticeship/applications/${ids.application}`);
    await submitAndCheck(page, "form#score button[type=submit]");
    await submitAndCheck(page, "form#decision button[type=submit]");
    await expectAccessible(page, "/programmes/apprenticeship/funding?planned=8");
    await page.fill("#ledger-amount", "lots");
    await submitAndCheck(page, "form#ledger button[type=submit]");
    // Correcting an entry: its confirmation page, and the reason left out.
    await expectAccessible(page, `/programmes/apprenticeship/funding/${ids.ledgerPayment}/reverse`);
    await submitAndCheck(page, "form#reverse button[type=submit]");
    await expectAccessible(page, `/programmes/apprenticeship/apprentices/${ids.apprentice}`);
    await page.fill("#completion-registrationNumber", "bad");
    await submitAndCheck(page, "form#completion button[type=submit]");
    await expectAccessible(page, "/programmes/apprenticeship/settings");
    await page.fill("#settings-reviewWeeks", "0");
    await submitAndCheck(page, "form#settings button[type=submit]");
    await context.close();
  });

  it("L&D's page recording a manager's support when nobody on the line uses the portal passes axe, with its errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    const support = `/programmes/apprenticeship/applications/${ids.forLearningTeam}/support`;
    // The application's page shows L&D the way to record it.
    await expectAccessible(page, `/programmes/apprenticeship/applications/${ids.forLearningTeam}`);
    expect(await page.locator(`main a[href='${support}']`).count()).toBe(1);
    await expectAccessible(page, support);
    expect(await page.locator("main .govuk-inset-text").count()).toBe(1);
    // The page as it reads after saving: the banner and the way back to the application.
    await expectAccessible(page, `${support}?saved=withheld`);
    await expectAccessible(page, support);
    await submitAndCheck(page, "form#support button[type=submit]");
    // Withheld with no reason: said beside the box and in the summary.
    await page.check("input[name=support][value=withheld]");
    await submitAndCheck(page, "form#support button[type=submit]");
    expect(await page.locator("#support-reason-error").count()).toBe(1);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("runs an application from applying to an offer, and an apprentice logs hours", async () => {
    const text = locale === "cy" ? cy : enGB;
    const alexId = await personIdOf("practitioner");
    await apprenticeshipDb().deleteFrom("apprenticeship_scores").where("application_id", "in", (qb) => qb.selectFrom("apprenticeship_applications").select("id").where("person_id", "=", alexId)).execute();
    await apprenticeshipDb().deleteFrom("apprenticeship_applications").where("person_id", "=", alexId).execute();
    await db().deleteFrom("enrolments").where("person_id", "=", alexId).where("cohort_id", "=", ids.openCohort).execute();
    // Room on the intake, so the offer is a place.
    await db().updateTable("cohorts").set({ capacity: 50 }).where("id", "=", ids.openCohort).execute();

    const alex = await signedIn("practitioner@demo.test", locale, false);
    await alex.page.goto(`${suite.url}/programmes/apprenticeship/apply/${ids.intake}`);
    await alex.page.fill("#apply-statement", "I want to train as a social worker.");
    await alex.page.fill("#apply-currentRole", "Family support worker");
    await alex.page.fill("#apply-serviceMonths", "30");
    await alex.page.check("form#apply input[name=english][value=held]");
    await alex.page.check("form#apply input[name=maths][value=held]");
    await Promise.all([alex.page.waitForURL(/saved=applied/), alex.page.click("form#apply button[type=submit]")]);
    expect(await alex.page.textContent("main")).toContain(text.stages.submitted);

    const manager = await signedIn("manager@demo.test", locale, false);
    const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("person_id", "=", alexId).executeTakeFirstOrThrow();
    await manager.page.goto(`${suite.url}/team`);
    await Promise.all([manager.page.waitForURL(/\/support$/), manager.page.click(`main a[href='/programmes/apprenticeship/applications/${application.id}/support']`)]);
    await manager.page.check("input[name=support][value=given]");
    await Promise.all([manager.page.waitForURL(/saved=given/), manager.page.click("form#support button[type=submit]")]);
    expect(await manager.page.textContent(".govuk-notification-banner--success")).toContain(text.support.backToTeam);
    await manager.context.close();

    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}/programmes/apprenticeship/intakes/${ids.intake}`);
    await Promise.all([ld.page.waitForLoadState("load"), ld.page.click(`main form:has(input[name=application][value='${application.id}']) button`)]);
    await ld.page.goto(`${suite.url}/programmes/apprenticeship/applications/${application.id}`);
    for (const criterion of ["values", "experience", "potential"]) await ld.page.check(`form#score input[name=${criterion}][value='4']`);
    await Promise.all([ld.page.waitForURL(/saved=score/), ld.page.click("form#score button[type=submit]")]);
    await ld.page.check("form#decision input[name=decision][value=offer]");
    await ld.page.fill("#decision-feedback", "A thoughtful interview.");
    await Promise.all([ld.page.waitForURL(/saved=decision/), ld.page.click("form#decision button[type=submit]")]);
    await ld.context.close();

    await alex.page.goto(`${suite.url}/programmes/apprenticeship`);
    await Promise.all([alex.page.waitForURL(/saved=accepted/), alex.page.click("main button[value=accepted]")]);
    expect(await alex.page.textContent("main")).toContain(text.stages.accepted);
    await alex.context.close();

    const apprentice = await signedIn("asye@demo.test", locale, false);
    await apprentice.page.goto(`${suite.url}/programmes/apprenticeship`);
    await apprentice.page.fill("#otj-weekOf", new Date().toISOString().slice(0, 10));
    await apprentice.page.fill("#otj-hours", "6.5");
    await apprentice.page.fill("#otj-activity", `University teaching day (${locale})`);
    await Promise.all([apprentice.page.waitForURL(/saved=logged/), apprentice.page.click("form#otj button[type=submit]")]);
    expect(await apprentice.page.textContent("main")).toContain(`University teaching day (${locale})`);
    await apprentice.context.close();
  });
});

describe("a started intake's free places", () => {
  /** Intake 1 (begun) with one place more than it holds, and someone new waiting for it. */
  async function aFreePlaceAndAReserve() {
    const intake = await apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "c.id as cohort"]).where("c.name", "=", "Intake 1").executeTakeFirstOrThrow();
    const holding = await db().selectFrom("enrolments").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", intake.cohort).where("status", "in", ["enrolled", "completed", "requested"]).executeTakeFirstOrThrow();
    await db().updateTable("cohorts").set({ capacity: Number(holding.n) + 1 }).where("id", "=", intake.cohort).execute();
    const reserve = await db().selectFrom("people").select("id").where("id", "not in", db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", intake.cohort)).orderBy("id").executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    await db().insertInto("enrolments").values({ cohort_id: intake.cohort, person_id: reserve.id, status: "waitlisted", waitlist_position: 1, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).execute();
    return `/programmes/apprenticeship/intakes/${intake.id}`;
  }

  it.each(["en-GB", "cy"] as const)("are shown to L&D, pass axe, and are offered without JavaScript, in %s", async (locale) => {
    const text = locale === "cy" ? cy : enGB;
    const page = await aFreePlaceAndAReserve();
    const officer = await signedIn("ld@demo.test", locale);
    await expectAccessible(officer.page, page);
    expect(await officer.page.textContent("main")).toContain(text.intakes.offerHeading);
    await officer.context.close();
    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}${page}`);
    await Promise.all([ld.page.waitForLoadState("load"), ld.page.click(`main form button:has-text("${text.intakes.offer}")`)]);
    expect(await ld.page.locator(".govuk-notification-banner--success").count()).toBe(1);
    expect(await ld.page.locator(`main form button:has-text("${text.intakes.offer}")`).count()).toBe(0);
    await ld.context.close();
  });
});
