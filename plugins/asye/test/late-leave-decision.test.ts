// Long leave recorded while a year awaits its decision stretches the year: when that moves its end past
// today, the panel cannot pass it short. The decision is refused (409) with the reason in the error
// summary, the page says why no decision form is offered, and leave recorded between the decision's
// read of the year and its update is caught too (the year changed meanwhile, 409 on the page).
import { beforeAll, describe, expect, it } from "vitest";
import type { Locale } from "../../../app/utils/i18n";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { decide } from "../server/changes.server";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, ctx, endedYear, form, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

type Year = Awaited<ReturnType<typeof endedYear>>;
const summaryOf = (html: string) => html.match(/govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? "";
/** Sixty days of sickness well inside a year started 400 days ago, whose twelve months ended 35 days ago. */
const LATE_LEAVE = { intent: "leave", startsOn: plusDays(today(), -200), endsOn: plusDays(today(), -141), reason: "Sickness" };
const PASS = { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel: a pass." };

async function awaitingDecision(employee: string) {
  const year = await endedYear(await personIdOf("practitioner"), employee);
  const { action } = await yearRoute();
  const recommendation = { intent: "recommendation", recommendation: "pass", note: "All evidence in." };
  expect((await run(action, await requestAs("practitioner", year.path, form(recommendation)), year.params)).status).toBe(303);
  return year;
}

const recordLeave = async (year: Year) => {
  const { action } = await yearRoute();
  expect((await run(action, await requestAs("manager", year.path, form(LATE_LEAVE)), year.params)).status).toBe(303);
};

async function expectUndecided(year: Year) {
  const { year: row, schedule } = (await yearById(year.yearId))!;
  expect(row).toMatchObject({ decision: null, recommendation: "pass" });
  expect(schedule.endsOn > today()).toBe(true);
}

describe("a decision on a year that leave recorded since its recommendation has not ended", () => {
  it("is refused with a 409 in the error summary, and the page offers no decision form but says why", async () => {
    const year = await awaitingDecision("E-LATE-LEAVE-1");
    const shown = await asDecidedOnThePage(year, PASS);
    await recordLeave(year);

    const { action, loader, default: Page } = await yearRoute();
    const answer = await run(action, await requestAs("ld", year.path, form(shown)), year.params);
    expect(answer.status).toBe(409);
    expect((answer.data as Errors).reply.error).toEqual({ "": ["decision.errors.notEnded"] });
    await expectUndecided(year);

    const words: Record<Locale, { refused: string; wait: string }> = {
      "en-GB": { refused: "Leave recorded since the assessor's recommendation has moved the end of the year past today, so your decision was not saved", wait: "Leave recorded since the assessor's recommendation has moved the end of the year to " },
      cy: { refused: "Mae absenoldeb a gofnodwyd ers argymhelliad yr aseswr wedi symud diwedd y flwyddyn i ddyddiad ar ôl heddiw, felly ni chafodd eich penderfyniad ei gadw", wait: "Mae absenoldeb a gofnodwyd ers argymhelliad yr aseswr wedi symud diwedd y flwyddyn i " },
    };
    for (const lng of ["en-GB", "cy"] as const) {
      const page = await run(loader, await requestAs("ld", `${year.path}?lng=${lng}`), year.params);
      expect(page.data).toMatchObject({ canDecide: false, decisionWait: true });
      const html = decodeHtml(await renderedAfterPost(Page, page.data, answer.data, lng));
      expect(summaryOf(html), lng).toContain(words[lng].refused);
      expect(html, lng).toContain(words[lng].wait);
      // Nothing typed is lost: the refused decision's reasons are still in its form.
      expect(html, lng).toContain(PASS.note);
    }
  });

  it("is refused when the leave is recorded between the decision's read of the year and its update", async () => {
    const year = await awaitingDecision("E-LATE-LEAVE-2");
    // The year as the decision read it, before the leave: its end then was past.
    const asRead = (await yearById(year.yearId))!;
    await recordLeave(year);
    const ld = { userId: await userIdOf("ld"), personId: await personIdOf("ld") };

    const result = await decide(ctx(), asRead, { decision: "pass", decidedOn: today(), note: PASS.note, recommendedAt: asRead.year.recommended_at ?? undefined }, ld);

    expect(result).toEqual({ ok: false, error: "decision.errors.yearChanged" });
    await expectUndecided(year);
  });
});
