// Dates that fall outside what a year can hold, through the real routes: a review, evidence or supervision
// dated before the year began (a year typed wrong, 2024 for 2025) is refused at its date, as leave before
// the start is, rather than counted or saved to no effect; and one period of leave lasts a year at most, so
// an end typed decades on cannot stretch the year by as long.
import { beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays, plusMonths } from "../server/schedule";
import { yearById } from "../server/years.server";
import { form, newAsyeWorker, startYearFor, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

const LOCALES: Locale[] = ["en-GB", "cy"];
const count = (html: string, text: string) => html.split(text).length - 1;
const rows = async (table: "asye_reviews" | "asye_evidence" | "asye_supervision" | "asye_leave", yearId: number) => (await asyeDb().selectFrom(table).select("id").where("year_id", "=", yearId).execute()).length;

describe("an entry dated before the year began", () => {
  it("is refused at its date, in English and Welsh, with what was typed: nothing is saved, counted or taken as supervision", async () => {
    const { action, loader, default: Page } = await yearRoute();
    // A hundred days in: supervision has been overdue for weeks.
    const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-EARLIER-1"));
    const startsOn = (await yearById(year.yearId))!.year.starts_on;
    expect((await yearById(year.yearId))!.openGap).not.toBeNull();
    // The right day and month, a year early.
    const typo = plusMonths(plusDays(startsOn, 20), -12);
    const refused: { fields: Record<string, string>; error: Record<string, string[]>; target: string; typed: string; words: Record<Locale, string> }[] = [
      {
        fields: { intent: "review", month: "3", heldOn: typo, outcome: "on_track", note: "Settling in; typed the wrong year." },
        error: { heldOn: ["review.errors.beforeStart"] },
        target: "review-heldOn",
        typed: "Settling in; typed the wrong year.",
        words: { "en-GB": "The date of the review must be on or after the day the year started", cy: "Rhaid i ddyddiad yr adolygiad fod ar y diwrnod y dechreuodd y flwyddyn neu ar ei ôl" },
      },
      {
        fields: { intent: "evidence", kind: "direct_observation", occurredOn: typo, title: "Observed a home visit, wrong year" },
        error: { occurredOn: ["evidence.errors.beforeStart"] },
        target: "evidence-occurredOn",
        typed: "Observed a home visit, wrong year",
        words: { "en-GB": "The date of the evidence must be on or after the day the year started", cy: "Rhaid i ddyddiad y dystiolaeth fod ar y diwrnod y dechreuodd y flwyddyn neu ar ei ôl" },
      },
      {
        fields: { intent: "supervision", heldOn: typo },
        error: { heldOn: ["supervision.errors.beforeStart"] },
        target: "supervision-heldOn",
        typed: typo,
        words: { "en-GB": "The date of the supervision session must be on or after the day the year started", cy: "Rhaid i ddyddiad y sesiwn oruchwylio fod ar y diwrnod y dechreuodd y flwyddyn neu ar ei ôl" },
      },
    ];
    for (const entry of refused) {
      const answer = await run(action, await requestAs("manager", year.path, form(entry.fields)), year.params);
      expect(answer.status, entry.fields.intent).toBe(400);
      expect((answer.data as Errors).reply.error, entry.fields.intent).toEqual(entry.error);
      for (const lng of LOCALES) {
        const page = await run(loader, await requestAs("manager", `${year.path}?lng=${lng}`), year.params);
        const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
        expect(errorSummaryTargets(html), `${entry.fields.intent} ${lng}`).toEqual([entry.target]);
        expect(count(html, entry.words[lng]), `${entry.fields.intent} ${lng}`).toBe(2); // in the summary and at the field
        expect(html, `${entry.fields.intent} ${lng}`).toContain(entry.typed);
      }
    }
    expect([await rows("asye_reviews", year.yearId), await rows("asye_evidence", year.yearId), await rows("asye_supervision", year.yearId)]).toEqual([0, 0, 0]);
    const after = (await yearById(year.yearId))!;
    expect(after.evidence.find((e) => e.kind === "direct_observation")!.recorded).toBe(0);
    expect(after.openGap).not.toBeNull();

    // The year's first day is in the year.
    for (const entry of refused) {
      const onTheStart = { ...entry.fields, [Object.keys(entry.error)[0]]: startsOn };
      expect((await run(action, await requestAs("manager", year.path, form(onTheStart)), year.params)).status, entry.fields.intent).toBe(303);
    }
    expect([await rows("asye_reviews", year.yearId), await rows("asye_evidence", year.yearId), await rows("asye_supervision", year.yearId)]).toEqual([1, 1, 1]);
  });
});

describe("a period of leave", () => {
  it("lasts a year at most: an end typed decades on is refused at the field, in English and Welsh, and the year keeps its length", async () => {
    const { action, loader, default: Page } = await yearRoute();
    const year = await startYearFor(await personIdOf("practitioner"), 100, await newAsyeWorker("E-LONGLEAVE-1"));
    const before = (await yearById(year.yearId))!.schedule.endsOn;
    const startsOn = plusDays(today(), -30);
    // 2062 for 2026: the same day and month, thirty-six years on.
    const decadesOn = plusMonths(plusDays(today(), -2), 12 * 36);
    const words = { "en-GB": "A period of leave can last a year at most: record a longer absence as a further period", cy: "Gall cyfnod o absenoldeb bara blwyddyn ar y mwyaf: cofnodwch absenoldeb hirach fel cyfnod arall" };
    for (const endsOn of [decadesOn, plusMonths(startsOn, 12)]) {
      const answer = await run(action, await requestAs("ld", year.path, form({ intent: "leave", startsOn, endsOn, reason: "Sickness, end typed wrong" })), year.params);
      expect(answer.status, endsOn).toBe(400);
      expect((answer.data as Errors).reply.error, endsOn).toEqual({ endsOn: ["leave.errors.tooLong"] });
      for (const lng of LOCALES) {
        const page = await run(loader, await requestAs("ld", `${year.path}?lng=${lng}`), year.params);
        const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
        expect(errorSummaryTargets(html), lng).toEqual(["leave-endsOn"]);
        expect(count(html, words[lng]), lng).toBe(2);
        expect(html, lng).toContain("Sickness, end typed wrong");
      }
    }
    expect(await rows("asye_leave", year.yearId)).toBe(0);
    expect((await yearById(year.yearId))!.schedule.endsOn).toBe(before);

    // A year's leave less a day (longer than 52 weeks of maternity or adoption leave) is taken, and extends the year by its length.
    const longest = plusDays(plusMonths(startsOn, 12), -1);
    expect((await run(action, await requestAs("ld", year.path, form({ intent: "leave", startsOn, endsOn: longest, reason: "Maternity leave" })), year.params)).status).toBe(303);
    const after = (await yearById(year.yearId))!;
    expect(after.schedule.leaveDays).toBeGreaterThanOrEqual(365);
    expect(after.schedule.endsOn).toBe(plusDays(before, after.schedule.leaveDays));
  });
});
