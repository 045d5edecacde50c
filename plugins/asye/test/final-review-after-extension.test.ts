// An extension asks for a fresh final review, of the extended year, held on or after the day it was decided.
// The final review held before the extension used to take the year's one place for month 12, so the fresh
// one was refused as "already recorded". It is now recorded beside the first, through the real page, while
// a repeat of any review is still refused at its field (never a 500), before an extension and after it.
// The year's page offers the final review again once extended, and the assessor's next recommendation
// waits for it: the one held before is the unextended year's.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { plusDays } from "../server/schedule";
import { asyeDb } from "../server/db.server";
import { asDecidedOnThePage, endedYear, form, recordFinalReview, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;

async function post(year: Year, as: DemoAccount, fields: Record<string, string>) {
  const { action } = await yearRoute();
  return run(action, await requestAs(as, year.path, form(fields)), year.params);
}

const review = (month: number, heldOn: string, note: string) => ({ intent: "review", month: String(month), heldOn, outcome: "on_track", note });

/** The year's reviews as stored, oldest first, with the weeks of extension each is of. */
const storedReviews = async (year: Year) =>
  (await sql<{ review_month: number; held_on: string; extension_weeks: number }>`select review_month, held_on, extension_weeks from asye_reviews where year_id = ${year.yearId} order by id`.execute(db())).rows.map((r) => ({ ...r, review_month: Number(r.review_month), extension_weeks: Number(r.extension_weeks) }));

const ALREADY = "That review is already recorded";

type YearPage = { months: number[]; recommendationWait: string | null; canRecommend: boolean };

/** The year's page as the loader gives it to this account. */
async function yearPage(year: Year, as: DemoAccount) {
  const { loader } = await yearRoute();
  return (await run(loader, await requestAs(as, year.path), year.params)).data as YearPage;
}

/** The review months the page's form offers, as rendered. */
async function monthsOnTheForm(year: Year, as: DemoAccount) {
  const { loader, default: Page } = await yearRoute();
  const html = decodeHtml(await renderedAfterPost(Page, (await run(loader, await requestAs(as, year.path), year.params)).data, null));
  return [...html.matchAll(/name="month"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="month"/g)].map((m) => Number(m[1] ?? m[2]));
}

async function extendByEightWeeks(year: Year) {
  expect((await post(year, "practitioner", { intent: "recommendation", recommendation: "extend", note: "Two written reports still to assess." })).status).toBe(303);
  const decision = await asDecidedOnThePage(year, { intent: "decision", decision: "extend", decidedOn: today(), note: "Agreed: eight more weeks.", extensionWeeks: "8" }, "admin");
  expect((await post(year, "admin", decision)).status).toBe(303);
}

describe("the final review of an extended year", () => {
  it("is recorded again on or after the extension's decision, beside the first, and any other repeat is refused at the month", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-FINAL-EXT-1");
    const heldOn3 = plusDays(today(), -350);
    expect((await post(year, "manager", review(3, heldOn3, "Settling in well."))).status).toBe(303);

    // Before any extension, the final review and the 3-month review are held once.
    const twice = await post(year, "manager", review(12, today(), "The same review sent again."));
    expect(twice.status).toBe(400);
    expect((twice.data as Errors).reply.error).toEqual({ month: ["review.errors.already"] });
    expect((await post(year, "manager", review(3, heldOn3, "Sent again."))).status).toBe(400);

    await extendByEightWeeks(year);

    // The extended year's final review: not before the extension was decided, then taken.
    const early = await post(year, "manager", review(12, plusDays(today(), -1), "Held the day before the extension."));
    expect((early.data as Errors).reply.error).toEqual({ heldOn: ["review.errors.beforeExtension"] });
    const fresh = await post(year, "manager", review(12, today(), "The reports are now assessed."));
    expect(fresh.status, JSON.stringify(fresh.data)).toBe(303);
    expect(await storedReviews(year)).toEqual([
      { review_month: 12, held_on: today(), extension_weeks: 0 },
      { review_month: 3, held_on: heldOn3, extension_weeks: 0 },
      { review_month: 12, held_on: today(), extension_weeks: 8 },
    ]);
    const audit = await db().selectFrom("audit_events").select("after_json").where("action", "=", "asye.review.recorded").where("subject_id", "=", String(year.yearId)).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ month: 12, note: "The reports are now assessed.", extensionWeeks: 8 });

    // Once recorded for this extension, it is refused again; so is a repeat of the 3-month review.
    const again = await post(year, "manager", review(12, today(), "Sent twice."));
    expect(again.status).toBe(400);
    expect((again.data as Errors).reply.error).toEqual({ month: ["review.errors.already"] });
    const repeat3 = await post(year, "manager", review(3, heldOn3, "Sent after the extension."));
    expect((repeat3.data as Errors).reply.error).toEqual({ month: ["review.errors.already"] });
    expect(await storedReviews(year)).toHaveLength(3);

    // The refusal is beside the month and in the error summary, with what was typed kept.
    const { loader, default: Page } = await yearRoute();
    const page = await run(loader, await requestAs("manager", year.path), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, again.data));
    expect(html).toMatch(new RegExp(`govuk-error-summary__list">[\\s\\S]*<a href="#review-month">${ALREADY}</a>`));
    expect(html).toContain(`<span class="govuk-visually-hidden">Error:</span> ${ALREADY}</p>`);
    expect(html).toContain("Sent twice.");
  });

  it("is offered again on the year's page once extended, and the next recommendation waits for it", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-FINAL-EXT-2");
    // Recorded before the extension: the page no longer offers it.
    expect((await yearPage(year, "manager")).months).not.toContain(12);
    expect(await monthsOnTheForm(year, "manager")).not.toContain(12);

    await extendByEightWeeks(year);
    expect((await yearPage(year, "manager")).months).toContain(12);
    expect(await monthsOnTheForm(year, "manager")).toContain(12);

    // Once the extended year has ended, the assessor is told the final review is still to record, and refused.
    const { starts_on } = await asyeDb().selectFrom("asye_years").select("starts_on").where("id", "=", year.yearId).executeTakeFirstOrThrow();
    await asyeDb().updateTable("asye_years").set({ starts_on: plusDays(starts_on, -120) }).where("id", "=", year.yearId).execute();
    expect(await yearPage(year, "practitioner")).toMatchObject({ recommendationWait: "finalReviewMissing", canRecommend: false });
    const tooSoon = await post(year, "practitioner", { intent: "recommendation", recommendation: "pass", note: "All reports now assessed." });
    expect(tooSoon.status).toBe(400);
    expect((tooSoon.data as Errors).reply.error).toEqual({ recommendation: ["recommendation.errors.notYet"] });

    // The extended year's final review taken, the page offers it no more and the assessor recommends.
    await recordFinalReview(year);
    expect((await yearPage(year, "manager")).months).not.toContain(12);
    expect(await yearPage(year, "practitioner")).toMatchObject({ recommendationWait: null, canRecommend: true });
    expect((await post(year, "practitioner", { intent: "recommendation", recommendation: "pass", note: "All reports now assessed." })).status).toBe(303);
  });
});
