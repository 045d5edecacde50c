// After an extension the final review is recorded again, for the extended year (migration 0008); the one
// held before stays stored. The year's page used to show only the extended year's reviews, so whoever read
// it could not see that a final review was held before the extension, nor its outcome and note: part of why
// the year was extended. The page now shows it apart, marked as held before the extension, in English and
// Welsh, while the extended year's final review is still the one offered, counted and waited for.
import { beforeAll, describe, expect, it } from "vitest";
import { formatDate } from "../../../app/utils/dates";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import type { Locale } from "../../../app/utils/i18n";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import type { YearView } from "../server/views.server";
import { asDecidedOnThePage, endedYear, form, today, yearRoute } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;
type YearPage = { view: YearView; months: number[]; recommendationWait: string | null; canRecommend: boolean };

const FIRST_NOTE = "The year is complete; every capability is evidenced.";

async function post(year: Year, as: DemoAccount, fields: Record<string, string>) {
  const { action } = await yearRoute();
  const answer = await run(action, await requestAs(as, year.path, form(fields)), year.params);
  expect(answer.status, JSON.stringify(answer.data)).toBe(303);
}

async function extend(year: Year, weeks: number) {
  await post(year, "practitioner", { intent: "recommendation", recommendation: "extend", note: "Two written reports still to assess." });
  await post(year, "admin", await asDecidedOnThePage(year, { intent: "decision", decision: "extend", decidedOn: today(), note: "Agreed by the panel.", extensionWeeks: String(weeks) }, "admin"));
}

/** The year's page as its loader gives it to this account, in a language. */
async function yearPage(year: Year, as: DemoAccount, locale: Locale = "en-GB") {
  const { loader } = await yearRoute();
  return (await run(loader, await requestAs(as, `${year.path}?lng=${locale}`), year.params)).data as YearPage;
}

/** The page's text as a reader sees it: tags dropped, entities read. */
const textOf = (html: string) => decodeHtml(html).replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

async function renderedPage(year: Year, as: DemoAccount, locale: Locale) {
  const { default: Page } = await yearRoute();
  return renderedAfterPost(Page, await yearPage(year, as, locale), null, locale);
}

describe("the final review held before an extension", () => {
  it("is on the year's page, marked as before the extension, beside the extended year's own final review that counts", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-EARLIER-FINAL-1");
    expect((await yearPage(year, "manager")).view.earlierFinalReviews).toEqual([]);

    await extend(year, 8);
    const extended = await yearPage(year, "manager");
    expect(extended.view.earlierFinalReviews).toEqual([{ heldOn: formatDate(today(), "en-GB"), outcome: "on_track", note: FIRST_NOTE, weeksSince: 8 }]);
    // Not the extended year's final review: that one is still to record, and offered.
    expect(extended.view.reviews.find((r) => r.month === 12)).toMatchObject({ heldOn: null, outcome: null });
    expect(extended.months).toContain(12);

    const english = textOf(await renderedPage(year, "manager", "en-GB"));
    // In the reviews table, after the months before (here 3 and 6) and just ahead of the extended year's final review, with no due date.
    expect(english).toMatch(new RegExp(`6-month review .* Final review \\(before the extension of 8 weeks\\) ${formatDate(today(), "en-GB")} On track: ${FIRST_NOTE} 12-month review`));
    const welsh = textOf(await renderedPage(year, "manager", "cy"));
    expect(welsh).toContain(`Adolygiad terfynol (cyn yr estyniad o 8 wythnos) ${formatDate(today(), "cy")} Ar y trywydd iawn: ${FIRST_NOTE}`);

    // The extended year's final review recorded: it is the one in the reviews table and the one that counts.
    const { starts_on } = await asyeDb().selectFrom("asye_years").select("starts_on").where("id", "=", year.yearId).executeTakeFirstOrThrow();
    await asyeDb().updateTable("asye_years").set({ starts_on: plusDays(starts_on, -120) }).where("id", "=", year.yearId).execute();
    await post(year, "manager", { intent: "review", month: "12", heldOn: today(), outcome: "concerns", note: "Reports assessed; some concerns remain." });
    const assessor = await yearPage(year, "practitioner");
    expect(assessor.view.reviews.find((r) => r.month === 12)).toMatchObject({ outcome: "concerns", note: "Reports assessed; some concerns remain." });
    expect(assessor.view.earlierFinalReviews).toEqual([{ heldOn: formatDate(today(), "en-GB"), outcome: "on_track", note: FIRST_NOTE, weeksSince: 8 }]);
    expect(assessor).toMatchObject({ recommendationWait: null, canRecommend: true });
    expect((await yearPage(year, "manager")).months).not.toContain(12);
  });

  it("reads 1 week in English, and after a second extension shows each earlier final review with the weeks added since", async () => {
    const year = await endedYear(await personIdOf("practitioner"), "E-EARLIER-FINAL-2");
    await extend(year, 1);
    expect(textOf(await renderedPage(year, "manager", "en-GB"))).toContain("Final review (before the extension of 1 week)");
    expect(textOf(await renderedPage(year, "manager", "cy"))).toContain("Adolygiad terfynol (cyn yr estyniad o 1 wythnos)");

    await post(year, "manager", { intent: "review", month: "12", heldOn: today(), outcome: "not_on_track", note: "Still not on track." });
    await extend(year, 3);
    const earlier = (await yearPage(year, "manager")).view.earlierFinalReviews;
    expect(earlier.map((r) => [r.weeksSince, r.outcome])).toEqual([
      [4, "on_track"],
      [3, "not_on_track"],
    ]);
  });

  it("is on the worker's own page too", async () => {
    const worker = await personIdOf("asye");
    const mine = await asyeDb().selectFrom("asye_years").select(["id", "extension_weeks"]).where("person_id", "=", worker).executeTakeFirstOrThrow();
    // As an extension leaves it: the final review held before, and the year extended since by 6 weeks.
    await asyeDb()
      .insertInto("asye_reviews")
      .values({ year_id: mine.id, review_month: 12, extension_weeks: mine.extension_weeks, held_on: today(), outcome: "concerns", note: "Written reports outstanding.", recorded_by: null, created_at: new Date().toISOString() })
      .execute();
    await asyeDb().updateTable("asye_years").set({ extension_weeks: mine.extension_weeks + 6 }).where("id", "=", mine.id).execute();
    const home = await import("../routes/index");
    const page = (await run(home.loader, await requestAs("asye", "/programmes/asye"))).data;
    expect((page as { year: YearView }).year.earlierFinalReviews).toEqual([{ heldOn: formatDate(today(), "en-GB"), outcome: "concerns", note: "Written reports outstanding.", weeksSince: 6 }]);
    expect(textOf(await renderedAfterPost(home.default, page, null))).toContain(`Final review (before the extension of 6 weeks) ${formatDate(today(), "en-GB")} Some concerns: Written reports outstanding.`);
  });
});
