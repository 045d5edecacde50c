// The career pathway's pages in real Chromium, in English and Welsh, with axe finding nothing (error
// states too); and a request to progress from asking to the panel's approval with JavaScript switched off.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../app/utils/db.server";
import { expectErrorsAccessible } from "../support/browser";
import { personIdOf } from "../support/fixtures";
import { browserSuite } from "../support/browser-suite";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let alex: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
});

const { signedIn, expectAccessible } = suite;

/** Alex back at social worker with no requests or history, as the seed left them. */
async function resetAlex() {
  await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
  await db().deleteFrom("career_stage_history").where("person_id", "=", alex).execute();
  await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
}

async function openRequest(status: "awaiting_manager" | "awaiting_panel") {
  const now = new Date().toISOString();
  const [row] = await db()
    .insertInto("progression_requests")
    .values({ person_id: alex, from_stage: "social_worker", to_stage: "senior_practitioner", statement: "I lead complex cases.", status, manager_id: await personIdOf("manager"), manager_supports: status === "awaiting_panel" ? 1 : null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
    .returning("id")
    .execute();
  return row.id;
}

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("the person's pathway passes axe, exploring a stage and with the request form's errors", async () => {
    await resetAlex();
    const { context, page } = await signedIn("practitioner@demo.test", locale);
    await expectAccessible(page, "/me/pathway");
    expect(await page.getAttribute("html", "lang")).toBe(locale);
    await expectAccessible(page, "/me/pathway?stage=team_manager");
    await expectErrorsAccessible(page, "form#progress button[type=submit]");
    expect(await page.locator(".govuk-error-summary a[href='#progress-statement']").count()).toBe(1);
    expect(await page.locator("#progress-statement-error").count()).toBe(1);
    await context.close();
  });

  it("shows a requirement that does not apply to the person as such, with nothing to act on, and passes axe", async () => {
    await resetAlex();
    // The ASYE on the next stage: Alex qualified without one recorded here.
    await db().insertInto("career_stage_requirements").values({ stage_code: "senior_practitioner", requirement_key: "asye:asye-passed", included: 1 }).execute();
    try {
      const { context, page } = await signedIn("practitioner@demo.test", locale);
      await expectAccessible(page, "/me/pathway");
      const row = page.locator(".govuk-summary-list__row", { has: page.locator(".govuk-tag--grey") });
      expect(await row.count()).toBe(1);
      expect(await row.locator(".govuk-tag").textContent()).toBe(locale === "cy" ? "Ddim yn berthnasol" : "Does not apply");
      expect(await row.locator("a").count()).toBe(0);
      await context.close();
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
    }
  });

  it("says when nothing on the next stage applies to the person, to them and to their manager, and passes axe", async () => {
    await resetAlex();
    // The next stage asks only for the ASYE, which Alex qualified before.
    await db()
      .insertInto("career_stage_requirements")
      .values([...["common:qualified-years", "common:registration", "common:cpd"].map((key) => ({ stage_code: "senior_practitioner", requirement_key: key, included: 0 })), { stage_code: "senior_practitioner", requirement_key: "asye:asye-passed", included: 1 }])
      .execute();
    try {
      const person = await signedIn("practitioner@demo.test", locale);
      await expectAccessible(person.page, "/me/pathway");
      const section = person.page.locator("section", { has: person.page.locator(".govuk-tag--grey") });
      expect(await section.locator("p.govuk-body").first().textContent()).toBe(locale === "cy" ? "Nid yw unrhyw un o ofynion y cam hwn yn berthnasol i chi." : "None of this stage's requirements apply to you.");
      await person.context.close();

      const id = await openRequest("awaiting_manager");
      const manager = await signedIn("manager@demo.test", locale);
      await expectAccessible(manager.page, `/team/progression/${id}`);
      const name = await manager.page.locator(".govuk-summary-list__value").first().textContent();
      expect(await manager.page.locator("h2 + p.govuk-body").first().textContent()).toBe(locale === "cy" ? `Nid yw unrhyw un o ofynion y cam hwn yn berthnasol i ${name}.` : `None of this stage's requirements apply to ${name}.`);
      await manager.context.close();
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
    }
  });

  it("the manager's and the panel's pages pass axe, with their errors", async () => {
    await resetAlex();
    const id = await openRequest("awaiting_manager");
    const manager = await signedIn("manager@demo.test", locale);
    await expectAccessible(manager.page, "/team");
    await expectAccessible(manager.page, `/team/progression/${id}`);
    // The person's statement, labelled for the manager reading it.
    expect(await manager.page.locator(".govuk-summary-list__key", { hasText: locale === "cy" ? "Pam maen nhw'n barod" : "Why they are ready" }).count()).toBe(1);
    await manager.page.check("input[name=support][value=no]");
    await expectErrorsAccessible(manager.page, "form#support button[type=submit]");
    await manager.context.close();

    await db().updateTable("progression_requests").set({ status: "awaiting_panel", manager_supports: 1 }).where("id", "=", id).execute();
    const ld = await signedIn("ld@demo.test", locale);
    await expectAccessible(ld.page, "/admin/progression");
    await expectAccessible(ld.page, "/admin/progression?view=decided");
    await expectAccessible(ld.page, `/admin/progression/${id}`);
    await expectErrorsAccessible(ld.page, "form#panel button[type=submit]");
    await ld.context.close();
    await resetAlex();
  });

  it("the career stages pass axe, with the stage form's errors", async () => {
    const { context, page } = await signedIn("admin@demo.test", locale);
    await expectAccessible(page, "/admin/pathway");
    await expectAccessible(page, "/admin/pathway/social_worker");
    await page.fill("#stage-nameEn", "");
    await page.fill("#stage-position", "first");
    await expectErrorsAccessible(page, "form#stage button[type=submit]");
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("explores a stage, asks to progress, and the manager and panel take it to a new stage", async () => {
    await resetAlex();
    const person = await signedIn("practitioner@demo.test", locale, false);
    await person.page.goto(`${suite.url}/me/pathway`);
    await person.page.selectOption("#stage", "practice_supervisor");
    await Promise.all([person.page.waitForURL(/stage=practice_supervisor/), person.page.click("main form[method=get] button")]);
    await person.page.check("form#progress input[name=toStage][value=senior_practitioner]");
    await person.page.fill("#progress-statement", `I have led complex cases (${locale}).`);
    await Promise.all([person.page.waitForURL(/asked=1/), person.page.click("form#progress button[type=submit]")]);
    const request = await db().selectFrom("progression_requests").select(["id", "status"]).where("person_id", "=", alex).executeTakeFirstOrThrow();
    expect(request.status).toBe("awaiting_manager");
    expect(await person.page.locator("form#progress").count()).toBe(0);

    const manager = await signedIn("manager@demo.test", locale, false);
    await manager.page.goto(`${suite.url}/team`);
    await Promise.all([manager.page.waitForURL(/\/team\/progression\/\d+$/), manager.page.click(`main a[href='/team/progression/${request.id}']`)]);
    await manager.page.check("input[name=support][value=yes]");
    await Promise.all([manager.page.waitForURL(/progression=awaiting_panel/), manager.page.click("form#support button[type=submit]")]);
    await manager.context.close();

    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}/admin/progression`);
    await Promise.all([ld.page.waitForURL(/\/admin\/progression\/\d+$/), ld.page.click(`main a[href='/admin/progression/${request.id}']`)]);
    await ld.page.check("input[name=decision][value=approve]");
    await ld.page.fill("#panel-note", "Strong evidence.");
    await Promise.all([ld.page.waitForURL(/decided=approved/), ld.page.click("form#panel button[type=submit]")]);
    await ld.context.close();

    await person.page.goto(`${suite.url}/me/pathway`);
    const text = await person.page.textContent("main");
    expect(text).toContain(locale === "cy" ? "Uwch ymarferydd" : "Senior practitioner");
    expect(text).toContain(locale === "cy" ? "Panel dilyniant" : "Progression panel");
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", alex).executeTakeFirstOrThrow()).career_stage).toBe("senior_practitioner");
    await person.context.close();
    await resetAlex();
  });
});
