// A review can be held no earlier than the review before it fell due, and the final one only in the year's
// last month (after an extension, on or after the day it was decided). The recommendation waits only for
// the final review, so a "12-month review" recorded by mistake in month 1 let the assessor recommend at the
// end with no real final review. Through the real routes: refused at the date, in the error summary, in
// English and Welsh, with nothing stored; and the form offers only the reviews that can be held by today.
import { beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { form, newAsyeWorker, startYearFor, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

const LOCALES: Locale[] = ["en-GB", "cy"];
const count = (html: string, text: string) => html.split(text).length - 1;
const reviewsOf = async (yearId: number) => (await asyeDb().selectFrom("asye_reviews").select(["review_month", "held_on"]).where("year_id", "=", yearId).orderBy("review_month").execute()).map((r) => [r.review_month, r.held_on]);
const review = (month: string, heldOn: string) => ({ intent: "review", month, heldOn, outcome: "on_track", note: `The ${month}-month review, typed in full.` });

async function post(year: { path: string; params: { yearId: string } }, fields: Record<string, string>) {
  const { action } = await yearRoute();
  return run(action, await requestAs("manager", year.path, form(fields)), year.params);
}

describe("a review held before it can be", () => {
  it("is refused at its date a month into the year, in English and Welsh, and the form offers only the first review", async () => {
    const { loader, default: Page } = await yearRoute();
    const year = await startYearFor(await personIdOf("practitioner"), 30, await newAsyeWorker("E-REVIEW-EARLY-1"));
    expect((await run(loader, await requestAs("manager", year.path), year.params)).data).toMatchObject({ months: [3] });

    const words: Record<string, { error: string } & Record<Locale, string>> = {
      "12": { error: "review.errors.finalTooEarly", "en-GB": "The final review can only be held in the last month of the year (month 12 of 12)", cy: "Dim ond ym mis olaf y flwyddyn (mis 12 o 12) y gellir cynnal yr adolygiad terfynol" },
      "6": { error: "review.errors.tooEarly", "en-GB": "A review cannot be held before the date the previous review was due", cy: "Ni ellir cynnal adolygiad cyn y dyddiad yr oedd yr adolygiad blaenorol i'w gynnal" },
    };
    for (const [month, expected] of Object.entries(words)) {
      const answer = await post(year, review(month, today()));
      expect(answer.status, month).toBe(400);
      expect((answer.data as Errors).reply.error, month).toEqual({ heldOn: [expected.error] });
      for (const lng of LOCALES) {
        const page = await run(loader, await requestAs("manager", `${year.path}?lng=${lng}`), year.params);
        const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
        expect(errorSummaryTargets(html), `${month} ${lng}`).toEqual(["review-heldOn"]);
        expect(count(html, expected[lng]), `${month} ${lng}`).toBe(2); // in the summary and at the field
        expect(html, `${month} ${lng}`).toContain(`The ${month}-month review, typed in full.`);
      }
    }
    expect(await reviewsOf(year.yearId)).toEqual([]);
    // The first review can be held from the start.
    expect((await post(year, review("3", today()))).status).toBe(303);
  });

  it("is taken from the day the review before it fell due, and the final review from month 12 of 12", async () => {
    const year = await startYearFor(await personIdOf("practitioner"), 400, await newAsyeWorker("E-REVIEW-EARLY-2"));
    const picture = (await yearById(year.yearId))!;
    const [three, six] = picture.reviews;
    expect((await post(year, review("6", plusDays(three.dueOn, -1)))).status).toBe(400);
    expect((await post(year, review("6", three.dueOn))).status).toBe(303);
    // Held at the 6-month review's time, a "final" review is refused; the year's last month takes it.
    const early = await post(year, review("12", six.dueOn));
    expect((early.data as Errors).reply.error).toEqual({ heldOn: ["review.errors.finalTooEarly"] });
    const monthTwelve = plusDays(picture.year.starts_on, Math.ceil((picture.schedule.workingDays * 11) / 12));
    expect((await post(year, review("12", plusDays(monthTwelve, -1)))).status).toBe(400);
    expect((await post(year, review("12", monthTwelve))).status).toBe(303);
    expect(await reviewsOf(year.yearId)).toEqual([
      [6, three.dueOn],
      [12, monthTwelve],
    ]);
  });

  it("is refused as the final review of an extended year when held before the extension was decided", async () => {
    const year = await startYearFor(await personIdOf("practitioner"), 400, await newAsyeWorker("E-REVIEW-EXT-1"));
    const decidedOn = plusDays(today(), -5);
    await asyeDb().updateTable("asye_years").set({ decision: "extend", decided_on: decidedOn, extension_weeks: 8 }).where("id", "=", year.yearId).execute();
    const answer = await post(year, review("12", plusDays(decidedOn, -1)));
    expect(answer.status).toBe(400);
    expect((answer.data as Errors).reply.error).toEqual({ heldOn: ["review.errors.beforeExtension"] });
    expect(await reviewsOf(year.yearId)).toEqual([]);
    expect((await post(year, review("12", decidedOn))).status).toBe(303);
  });
});
