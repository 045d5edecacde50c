// Apprenticeship refusals in real Chromium, in English and Welsh, with axe finding nothing: the intake page
// offering free places that someone else filled meanwhile (409), and its shortlist button pressed after the
// panel decided the application (the core's 409 page); an offer answered after it was withdrawn, and
// answered neither yes nor no by a hand-made request.
import { beforeAll, describe, expect, it, vi } from "vitest";
import cy from "../../../app/locales/cy/common.json";
import enGB from "../../../app/locales/en-GB/common.json";
import { db } from "../../../app/utils/db.server";
import { accessibilityViolations } from "../../../tests/support/browser";
import { expectRefusal, openPage, sendInstead } from "../../../tests/support/browser-refusals";
import { browserSuite } from "../../../tests/support/browser-suite";
import { personIdOf } from "../../../tests/support/fixtures";
import plCy from "../locales/cy.json";
import plEnGB from "../locales/en-GB.json";
import { apprenticeshipDb } from "../server/db.server";

vi.setConfig({ testTimeout: 120_000 });

const suite = browserSuite();
let intakes: { begun: { id: number; cohort: number }; open: { id: number; cohort: number } };

const intakeNamed = (name: string) =>
  apprenticeshipDb().selectFrom("apprenticeship_intakes as i").innerJoin("cohorts as c", "c.id", "i.cohort_id").select(["i.id", "c.id as cohort"]).where("c.programme_id", "=", "apprenticeship").where("c.name", "=", name).executeTakeFirstOrThrow();

beforeAll(async () => {
  intakes = { begun: await intakeNamed("Intake 1"), open: await intakeNamed("Intake 2") };
});

const textOf = (locale: "en-GB" | "cy") => (locale === "cy" ? plCy : plEnGB);
const stamp = () => new Date().toISOString();

/** The begun intake with one place more than it holds, and someone new waiting for it; answers the reserve's place. */
async function aFreePlaceAndAReserve() {
  const cohort = intakes.begun.cohort;
  const holding = await db().selectFrom("enrolments").select((eb) => eb.fn.countAll<number>().as("n")).where("cohort_id", "=", cohort).where("status", "in", ["enrolled", "completed", "requested"]).executeTakeFirstOrThrow();
  await db().updateTable("cohorts").set({ capacity: Number(holding.n) + 1 }).where("id", "=", cohort).execute();
  const reserve = await db().selectFrom("people").select("id").where("id", "not in", db().selectFrom("enrolments").select("person_id").where("cohort_id", "=", cohort)).orderBy("id").executeTakeFirstOrThrow();
  const [place] = await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: reserve.id, status: "waitlisted", waitlist_position: 1, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp(), updated_at: stamp() }).returning("id").execute();
  return place.id;
}

/** An offer of a place on the open intake to the demo practitioner, still to answer; answers the application. */
async function anOfferToTheDemoPractitioner() {
  const alex = await personIdOf("practitioner");
  await apprenticeshipDb().deleteFrom("apprenticeship_scores").where("application_id", "in", (qb) => qb.selectFrom("apprenticeship_applications").select("id").where("person_id", "=", alex)).execute();
  await apprenticeshipDb().deleteFrom("apprenticeship_applications").where("person_id", "=", alex).execute();
  await db().deleteFrom("enrolments").where("person_id", "=", alex).where("cohort_id", "=", intakes.open.cohort).execute();
  const [place] = await db().insertInto("enrolments").values({ cohort_id: intakes.open.cohort, person_id: alex, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp(), updated_at: stamp() }).returning("id").execute();
  const [application] = await apprenticeshipDb()
    .insertInto("apprenticeship_applications")
    .values({ intake_id: intakes.open.id, person_id: alex, statement: "I want to train.", current_role: "Family support worker", service_months: 30, english: "held", maths: "held", manager_support: "given", shortlisted: 1, decision: "offer", feedback: "A thoughtful interview.", enrolment_id: place.id, created_at: stamp(), updated_at: stamp() })
    .returning("id")
    .execute();
  return { application: application.id, place: place.id };
}

const answerOf = async (application: number) => (await apprenticeshipDb().selectFrom("apprenticeship_applications").select("response").where("id", "=", application).executeTakeFirstOrThrow()).response;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("refuses offering free places someone else filled meanwhile, passing axe", async () => {
    const reserve = await aFreePlaceAndAReserve();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/apprenticeship/intakes/${intakes.begun.id}`);
    // The reserve is given the place by someone else before the button is pressed.
    await db().updateTable("enrolments").set({ status: "enrolled", waitlist_position: null }).where("id", "=", reserve).execute();
    await expectRefusal(page, "main form:has(input[name=intent][value=offer]) button", textOf(locale).intakes.errors.nothingToOffer);
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await context.close();
  });

  it("answers the shortlist button pressed after the panel decided with the core's 409 page, passing axe", async () => {
    const application = await apprenticeshipDb().selectFrom("apprenticeship_applications").select("id").where("intake_id", "=", intakes.open.id).where("shortlisted", "=", 1).where("decision", "is", null).orderBy("id").executeTakeFirstOrThrow();
    const { context, page } = await suite.signedIn("ld@demo.test", locale);
    await openPage(page, suite.url, `/programmes/apprenticeship/intakes/${intakes.open.id}`);
    await apprenticeshipDb().updateTable("apprenticeship_applications").set({ decision: "reserve" }).where("id", "=", application.id).execute();
    await page.click(`main form:has(input[name=application][value='${application.id}']) button`);
    const conflict = (locale === "cy" ? cy : enGB).errors.conflict;
    await expect.poll(() => page.textContent("main h1")).toBe(conflict.title);
    expect(await page.textContent("main")).toContain(conflict.body);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect((await apprenticeshipDb().selectFrom("apprenticeship_applications").select("shortlisted").where("id", "=", application.id).executeTakeFirstOrThrow()).shortlisted).toBe(1);
    await context.close();
  });

  it("refuses accepting an offer withdrawn meanwhile, passing axe", async () => {
    const offer = await anOfferToTheDemoPractitioner();
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, "/programmes/apprenticeship");
    await db().updateTable("enrolments").set({ status: "withdrawn" }).where("id", "=", offer.place).execute();
    await expectRefusal(page, `main button#response-${offer.application}`, textOf(locale).offer.errors.none);
    expect(await answerOf(offer.application)).toBeNull();
    await context.close();
  });

  it("refuses an answer that is neither accept nor decline, beside the offer's buttons, passing axe", async () => {
    const offer = await anOfferToTheDemoPractitioner();
    const { context, page } = await suite.signedIn("practitioner@demo.test", locale);
    await openPage(page, suite.url, "/programmes/apprenticeship");
    const accept = `main button#response-${offer.application}`;
    await sendInstead(page, accept, "maybe");
    const message = textOf(locale).offer.errors.response;
    await expectRefusal(page, accept, message);
    expect(await page.locator(`.govuk-error-summary a[href='#response-${offer.application}']`).textContent()).toBe(message);
    expect(await page.textContent(`#response-${offer.application}-error`)).toContain(message);
    expect(await answerOf(offer.application)).toBeNull();
    await context.close();
  });
});
