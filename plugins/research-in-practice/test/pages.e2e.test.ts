// Research in Practice in real Chromium, in English and Welsh, with axe finding nothing (error states
// too); and booking, completion, evaluation and the impact report with JavaScript switched off.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { expectErrorsAccessible } from "../../../tests/support/browser";
import { personIdOf } from "../../../tests/support/fixtures";
import { browserSuite } from "../../../tests/support/browser-suite";
import cy from "../locales/cy.json";
import enGB from "../locales/en-GB.json";
import { ripDb } from "../server/db.server";
import { heldOn, yesterday } from "./held-runs";

vi.setConfig({ testTimeout: 180_000 });

const suite = browserSuite();
let evaluationId: number;

beforeAll(async () => {
  // The ASYE has completed the past permanence run and has their "after" evaluation to answer.
  const past = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", "perm-past").executeTakeFirstOrThrow();
  const now = new Date().toISOString();
  const [row] = await db().insertInto("enrolments").values({ cohort_id: past.cohort_id, person_id: await personIdOf("asye"), status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
  evaluationId = row.id;
  // The voice workshop's next run was held yesterday: a run's page offers completion once it has begun.
  await heldOn("voice-next", yesterday());
});

const { signedIn, expectAccessible } = suite;
const submitAndCheck = expectErrorsAccessible;

describe.each(["en-GB", "cy"] as const)("in %s", (locale) => {
  it("a learner's pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("asye@demo.test", locale);
    for (const url of ["/programmes/research-in-practice", "/programmes/research-in-practice?q=zzz", "/programmes/research-in-practice?format=webinar", "/programmes/research-in-practice/courses/rip-permanence", "/me"]) await expectAccessible(page, url);
    await expectAccessible(page, `/programmes/research-in-practice/evaluations/${evaluationId}`);
    await submitAndCheck(page, "form#evaluation button[type=submit]");
    expect(await page.locator(".govuk-error-summary__list li").count()).toBe(6);
    await context.close();
  });

  it("L&D pages pass axe, with their errors", async () => {
    const { context, page } = await signedIn("ld@demo.test", locale);
    for (const url of ["/admin", "/admin/reports", "/programmes/research-in-practice/runs/perm-past", "/programmes/research-in-practice/impact", "/programmes/research-in-practice/impact?course=rip-permanence&quarter=nonsense"]) await expectAccessible(page, url);
    await expectAccessible(page, "/programmes/research-in-practice/courses/rip-permanence");
    await submitAndCheck(page, "form#tailored button[type=submit]");
    // Recording completion with nobody ticked: the error beside the learners and in the summary, which
    // links to the first learner's box.
    const text = locale === "cy" ? cy : enGB;
    await expectAccessible(page, "/programmes/research-in-practice/runs/voice-next");
    // The completion form's own button: each learner's withdraw button sits in its row, submitting a form of its own.
    await submitAndCheck(page, "form#completion > button[type=submit]");
    const firstBox = await page.locator("input[name=learner]").first().getAttribute("id");
    expect(await page.locator(`.govuk-error-summary a[href='#${firstBox}']`).textContent()).toBe(text.run.errors.learner);
    expect(await page.textContent("#learner-error")).toContain(text.run.errors.learner);
    expect(await page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await context.close();
  });
});

describe.each(["en-GB", "cy"] as const)("without JavaScript, in %s", (locale) => {
  it("books, completes, evaluates and reports", async () => {
    const text = locale === "cy" ? cy : enGB;
    // Each language takes a different course, so the second run starts as fresh as the first.
    const { courseId, runId, search, objective } = locale === "cy" ? { courseId: "rip-analysis", runId: "analysis-next", search: "analysis", objective: "Separate information, analysis and judgement" } : { courseId: "rip-law", runId: "law-next", search: "law", objective: "Understand the Public Law Outline" };
    const alex = await personIdOf("practitioner");
    const law = await ripDb().selectFrom("research_in_practice_runs").select("cohort_id").where("id", "=", runId).executeTakeFirstOrThrow();

    const learner = await signedIn("practitioner@demo.test", locale, false);
    await learner.page.goto(`${suite.url}/programmes/research-in-practice?q=${search}`);
    await Promise.all([learner.page.waitForURL(new RegExp(`courses/${courseId}`)), learner.page.click(`main a[href$='courses/${courseId}']`)]);
    await Promise.all([learner.page.waitForURL(/saved=enrolled/), learner.page.click(`main form:has(input[name=run][value=${runId}]) button`)]);
    expect(await learner.page.textContent(".govuk-notification-banner--success")).toContain(text.course.saved.enrolled);

    // The run is held (completion opens once it has begun).
    await heldOn(runId, yesterday());
    const ld = await signedIn("ld@demo.test", locale, false);
    await ld.page.goto(`${suite.url}/programmes/research-in-practice/runs/${runId}`);
    const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", law.cohort_id).where("person_id", "=", alex).executeTakeFirstOrThrow();
    // Nobody ticked first: refused with the reason, nothing recorded.
    await Promise.all([ld.page.waitForLoadState("load"), ld.page.click("form#completion > button[type=submit]")]);
    expect(await ld.page.textContent(".govuk-error-summary")).toContain(text.run.errors.learner);
    expect(await ld.page.locator(".govuk-notification-banner--success").count()).toBe(0);
    await ld.page.check(`#learner-${enrolment.id}`);
    await Promise.all([ld.page.waitForLoadState("load"), ld.page.click("form#completion > button[type=submit]")]);
    expect(await ld.page.textContent(".govuk-notification-banner--success")).toContain(text.run.completed.replace("{{count}}", "1"));

    await learner.page.goto(`${suite.url}/programmes/research-in-practice/evaluations/${enrolment.id}`);
    for (let i = 0; i < 2; i += 1) await learner.page.check(`form#evaluation input[name=o${i}][value='4']`);
    await learner.page.fill("#evaluation-differently", `Cite the law accurately in every statement (${locale}).`);
    await Promise.all([learner.page.waitForURL(/evaluated=1/), learner.page.click("form#evaluation button[type=submit]")]);
    await learner.context.close();

    await ld.page.goto(`${suite.url}/programmes/research-in-practice/impact`);
    await ld.page.selectOption("select#course", courseId);
    await Promise.all([ld.page.waitForURL(new RegExp(`course=${courseId}`)), ld.page.click(".pathways-filter button")]);
    const report = await ld.page.textContent("main");
    expect(report).toContain(text.impact.completed);
    // One learner's answers on the course: too few to show (fewer than 5), so the page says so and shows no
    // rating against the objective, nor the learner's own example.
    expect(report).toContain(text.impact.withheld.replace("{{minimum}}", "5"));
    expect(report).not.toContain(objective);
    expect(report).not.toContain(`Cite the law accurately in every statement (${locale}).`);
    await ld.context.close();
  });
});
