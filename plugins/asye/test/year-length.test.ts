// The year runs its full length before it is decided, through the real routes: the assessor recommends
// only once the year has reached its end (stretched for part-time work, moved on by an extension) and its
// final review is recorded, and is told so before then; the panel's decision is not dated before the year
// or its recommendation; and the year does not start before the person qualified.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, employeeNumber, endedYear, form, newAsyeWorker, recordFinalReview, startRoute, startYearFor, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

const LOCALES: Locale[] = ["en-GB", "cy"];
const count = (html: string, text: string) => html.split(text).length - 1;
type YearPage = { canRecommend: boolean; recommendationWait: string | null };

describe("the assessor's recommendation", () => {
  it("waits for the year's end and its final review, saying why on the page, and refuses an early one at its field with what was typed", async () => {
    const { action, loader, default: Page } = await yearRoute();
    // Two months into the year.
    const year = await startYearFor(await personIdOf("practitioner"), 60, await newAsyeWorker("E-EARLY-1"));
    const endsOn = (await yearById(year.yearId))!.schedule.endsOn;
    const pageAs = async (lng: Locale) => run(loader, await requestAs("practitioner", `${year.path}?lng=${lng}`), year.params);
    expect((await pageAs("en-GB")).data).toMatchObject({ canRecommend: false, recommendationWait: "yearNotEnded" });

    const early = { intent: "recommendation", recommendation: "pass", note: "Strong start; I expect a pass." };
    const answer = await run(action, await requestAs("practitioner", year.path, form(early)), year.params);
    expect(answer.status).toBe(400);
    expect((answer.data as Errors).reply.error).toEqual({ recommendation: ["recommendation.errors.notYet"] });
    const words = {
      "en-GB": { why: `You can make your recommendation at the end of the year, on ${formatDate(endsOn, "en-GB")}, once the final review has been recorded.`, refusal: "You cannot make the recommendation yet: it opens at the end of the year, once the final review has been recorded" },
      cy: { why: `Gallwch wneud eich argymhelliad ar ddiwedd y flwyddyn, ar ${formatDate(endsOn, "cy")}, unwaith y bydd yr adolygiad terfynol wedi'i gofnodi.`, refusal: "Ni allwch wneud yr argymhelliad eto: mae'n agor ar ddiwedd y flwyddyn, unwaith y bydd yr adolygiad terfynol wedi'i gofnodi" },
    };
    for (const lng of LOCALES) {
      const page = await pageAs(lng);
      // Before posting: the reason, and no form to fill in for nothing.
      const before = decodeHtml(await renderedAfterPost(Page, page.data, null, lng));
      expect(before, lng).toContain(words[lng].why);
      expect(before, lng).not.toContain('name="intent" value="recommendation"');
      // After the refused post: the refusal in the summary and at the field, with what was typed.
      const after = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
      expect(errorSummaryTargets(after), lng).toEqual(["recommendation-recommendation"]);
      expect(count(after, words[lng].refusal), lng).toBe(2);
      expect(after, lng).toContain(early.note);
      expect(after, lng).toMatch(/value="pass"[^>]*checked|checked[^>]*value="pass"/);
      expect(after, lng).toContain(words[lng].why);
    }

    // Past its end, the final review still to record: still waiting, for that.
    await asyeDb().updateTable("asye_years").set({ starts_on: plusDays(today(), -400) }).where("id", "=", year.yearId).execute();
    expect((await pageAs("en-GB")).data).toMatchObject({ canRecommend: false, recommendationWait: "finalReviewMissing" });
    expect(((await run(action, await requestAs("practitioner", year.path, form(early)), year.params)).data as Errors).reply.error).toEqual({ recommendation: ["recommendation.errors.notYet"] });
    expect((await yearById(year.yearId))!.year.recommendation).toBeNull();
    expect(await db().selectFrom("audit_events").select("id").where("person_id", "=", year.personId).where("action", "=", "asye.recommendation.recorded").execute()).toEqual([]);

    // With the final review held, the form is there and the recommendation is taken.
    await recordFinalReview(year);
    expect((await pageAs("en-GB")).data).toMatchObject({ canRecommend: true, recommendationWait: null });
    expect((await run(action, await requestAs("practitioner", year.path, form(early)), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.year.recommendation).toBe("pass");
  });

  it("waits for a part-time year's stretched end, not twelve months", async () => {
    const { action, loader } = await yearRoute();
    const personId = await newAsyeWorker("E-HALF-1");
    await db().updateTable("people").set({ fte: 0.5 }).where("id", "=", personId).execute();
    // Twenty-three months in (month 12 of 12 at 0.5 FTE), final review recorded: the year runs two years.
    const year = await startYearFor(await personIdOf("practitioner"), 700, personId);
    await recordFinalReview(year);
    expect((await yearById(year.yearId))!.schedule.endsOn > today()).toBe(true);
    expect(((await run(loader, await requestAs("practitioner", year.path), year.params)).data as YearPage).recommendationWait).toBe("yearNotEnded");
    const answer = await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "pass", note: "Ready." })), year.params);
    expect((answer.data as Errors).reply.error).toEqual({ recommendation: ["recommendation.errors.notYet"] });
  });
});

describe("the panel's decision date", () => {
  it("is refused at the date when before the year started or before the recommendation, in English and Welsh", async () => {
    const { action, loader, default: Page } = await yearRoute();
    const year = await endedYear(await personIdOf("practitioner"), "E-DATED-1");
    expect((await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "pass", note: "All evidence in." })), year.params)).status).toBe(303);
    const startsOn = (await yearById(year.yearId))!.year.starts_on;
    const decision = await asDecidedOnThePage(year, { intent: "decision", decision: "pass", note: "Agreed by the panel." });
    const refusals = [
      { decidedOn: plusDays(startsOn, -1), key: "decision.errors.beforeStart", "en-GB": "The date of the decision must be on or after the day the year started", cy: "Rhaid i ddyddiad y penderfyniad fod ar y diwrnod y dechreuodd y flwyddyn neu ar ei ôl" },
      { decidedOn: plusDays(today(), -1), key: "decision.errors.beforeRecommendation", "en-GB": "The date of the decision must be on or after the date of the assessor's recommendation", cy: "Rhaid i ddyddiad y penderfyniad fod ar ddyddiad argymhelliad yr aseswr neu ar ei ôl" },
    ];
    for (const refusal of refusals) {
      const answer = await run(action, await requestAs("ld", year.path, form({ ...decision, decidedOn: refusal.decidedOn })), year.params);
      expect(answer.status).toBe(400);
      expect((answer.data as Errors).reply.error).toEqual({ decidedOn: [refusal.key] });
      for (const lng of LOCALES) {
        const page = await run(loader, await requestAs("ld", `${year.path}?lng=${lng}`), year.params);
        const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
        expect(errorSummaryTargets(html), lng).toEqual(["decision-decidedOn"]);
        expect(count(html, refusal[lng]), lng).toBe(2);
        expect(html, lng).toContain(decision.note);
      }
    }
    const stored = (await yearById(year.yearId))!;
    expect(stored.year.decision).toBeNull();
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", year.personId).executeTakeFirstOrThrow()).career_stage).toBe("asye_social_worker");
    expect((await run(action, await requestAs("ld", year.path, form({ ...decision, decidedOn: today() })), year.params)).status).toBe(303);
  });
});

describe("the start date", () => {
  it("is refused at the field when before the person qualified, in English and Welsh, and taken from that day", async () => {
    const { action, loader, default: Page } = await startRoute();
    const personId = await newAsyeWorker("E-QUALIFIED-1");
    const qualified = plusDays(today(), -30);
    await db().updateTable("people").set({ qualification_date: qualified }).where("id", "=", personId).execute();
    const path = `/programmes/asye/years/new?person=${personId}`;
    const fields = { assessor: await employeeNumber(await personIdOf("practitioner")), supervisor: await employeeNumber(await personIdOf("manager")) };
    const answer = await run(action, await requestAs("ld", path, form({ ...fields, startsOn: plusDays(qualified, -1) })));
    expect(answer.status).toBe(400);
    expect((answer.data as { error: Record<string, string[]> }).error).toEqual({ startsOn: ["start.errors.beforeQualified"] });
    const words = { "en-GB": "The year cannot start before the date this person qualified", cy: "Ni all y flwyddyn ddechrau cyn y dyddiad y cymhwysodd y person hwn" };
    for (const lng of LOCALES) {
      const page = await run(loader, await requestAs("ld", `${path}&lng=${lng}`));
      const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
      expect(errorSummaryTargets(html), lng).toEqual(["start-startsOn"]);
      expect(count(html, words[lng]), lng).toBe(2);
      expect(html, lng).toContain(formatDate(qualified, lng));
    }
    expect(await asyeDb().selectFrom("asye_years").select("id").where("person_id", "=", personId).execute()).toEqual([]);
    const started = await run(action, await requestAs("ld", path, form({ ...fields, startsOn: qualified })));
    expect(started.status).toBe(303);
  });
});
