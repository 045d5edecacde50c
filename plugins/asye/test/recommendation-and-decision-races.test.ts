// The recommendation and the decision land only on the year they were checked against, through the real
// routes: an assessor's recommendation made while L&D extend the year (which clears it and moves the end),
// and a panel's decision on a recommendation the assessor replaced since the page showed it, are refused
// with the core's 409 in the error summary rather than overwrite what was decided or recommended meanwhile.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { plusDays } from "../server/schedule";
import { yearById } from "../server/years.server";
import { asDecidedOnThePage, endedYear, form, today, yearRoute, type Errors } from "./year-support";

beforeAll(seedDemo);

const LOCALES: Locale[] = ["en-GB", "cy"];
/** The first read of a year's row on a page or in an action: the picture every check is made against. */
const YEAR_READ = /from "asye_years" as "y"/;
const summaryOf = (html: string) => html.match(/govuk-error-summary__list">([\s\S]*?)<\/ul>/)?.[1] ?? "";
type Year = Awaited<ReturnType<typeof endedYear>>;

async function recommendAs(year: Year, recommendation: string, note: string) {
  const { action } = await yearRoute();
  const answer = await run(action, await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation, note })), year.params);
  expect(answer.status).toBe(303);
}

/** The refusal in the page's error summary, in English and Welsh, with what was typed kept in the form. */
async function expectRefusedInTheSummary(year: Year, as: "practitioner" | "ld", answerData: unknown, words: Record<Locale, string>, typed: string) {
  const { loader, default: Page } = await yearRoute();
  for (const lng of LOCALES) {
    const page = await run(loader, await requestAs(as, `${year.path}?lng=${lng}`), year.params);
    const html = decodeHtml(await renderedAfterPost(Page, page.data, answerData, lng));
    expect(summaryOf(html), lng).toContain(words[lng]);
    expect(html, lng).toContain(typed);
  }
}

describe("a recommendation made while L&D extend the year", () => {
  it("is refused with a 409 in the error summary, and the extension and its new end stand", async () => {
    const { action } = await yearRoute();
    const year = await endedYear(await personIdOf("practitioner"), "E-RACE-1");
    await recommendAs(year, "extend", "Two written reports still to assess.");
    const endsBefore = (await yearById(year.yearId))!.schedule.endsOn;
    const extension = await requestAs("admin", year.path, form(await asDecidedOnThePage(year, { intent: "decision", decision: "extend", decidedOn: today(), note: "Agreed.", extensionWeeks: "8" }, "admin")));
    // The assessor changes their mind on the page they read before the extension.
    const note = "The reports are in after all: I recommend a pass.";
    const recommendation = await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "pass", note }));

    const answer = await whenFirstRead(YEAR_READ, async () => expect((await run(action, extension, year.params)).status).toBe(303), () => run(action, recommendation, year.params));

    expect(answer.status).toBe(409);
    expect((answer.data as Errors).reply.error).toEqual({ "": ["recommendation.errors.changed"] });
    const after = (await yearById(year.yearId))!;
    expect(after.year).toMatchObject({ decision: "extend", extension_weeks: 8, recommendation: null, recommended_at: null });
    expect(after.schedule.endsOn).toBe(plusDays(endsBefore, 56));
    const recorded = await db().selectFrom("audit_events").select("id").where("person_id", "=", year.personId).where("action", "=", "asye.recommendation.recorded").execute();
    expect(recorded).toHaveLength(1);
    await expectRefusedInTheSummary(
      year,
      "practitioner",
      answer.data,
      {
        "en-GB": "This year changed while you were making your recommendation (a decision, an extension or leave was recorded), so it was not saved. Check the year again before you recommend",
        cy: "Newidiodd y flwyddyn hon tra oeddech chi'n gwneud eich argymhelliad (cofnodwyd penderfyniad, estyniad neu absenoldeb), felly ni chafodd ei gadw. Edrychwch ar y flwyddyn eto cyn i chi wneud argymhelliad",
      },
      note,
    );
  });
});

describe("a decision on a recommendation the assessor replaced", () => {
  const words = {
    "en-GB": "The assessor's recommendation changed after you opened this page, so your decision was not saved. Read the recommendation again before you decide",
    cy: "Newidiodd argymhelliad yr aseswr ar ôl i chi agor y dudalen hon, felly ni chafodd eich penderfyniad ei gadw. Darllenwch yr argymhelliad eto cyn i chi benderfynu",
  };
  const pass = { intent: "decision", decision: "pass", decidedOn: today(), note: "Agreed by the panel: a pass." };

  async function expectUndecided(year: Year, recommendation: string) {
    expect((await yearById(year.yearId))!.year).toMatchObject({ decision: null, recommendation });
    expect((await db().selectFrom("people").select("career_stage").where("id", "=", year.personId).executeTakeFirstOrThrow()).career_stage).toBe("asye_social_worker");
    expect(await db().selectFrom("cpd_entries").select("id").where("person_id", "=", year.personId).where("source", "=", "asye").execute()).toEqual([]);
  }

  it("is refused with a 409 in the error summary when the page showed the one before", async () => {
    const { action } = await yearRoute();
    const year = await endedYear(await personIdOf("practitioner"), "E-RACE-2");
    await recommendAs(year, "pass", "All evidence in.");
    const shown = await asDecidedOnThePage(year, pass);
    await recommendAs(year, "fail", "On reflection the written reports do not meet the standard.");

    const answer = await run(action, await requestAs("ld", year.path, form(shown)), year.params);
    expect(answer.status).toBe(409);
    expect((answer.data as Errors).reply.error).toEqual({ "": ["decision.errors.recommendationChanged"] });
    await expectUndecided(year, "fail");
    await expectRefusedInTheSummary(year, "ld", answer.data, words, pass.note);

    // Read again, the panel decides on the recommendation in front of them.
    const reread = await asDecidedOnThePage(year, { ...pass, decision: "fail", note: "Agreed: not passed." });
    expect((await run(action, await requestAs("ld", year.path, form(reread)), year.params)).status).toBe(303);
    expect((await yearById(year.yearId))!.year.decision).toBe("fail");
  });

  it("is refused with a 409 when the recommendation is replaced between the decision's checks and its update", async () => {
    const { action } = await yearRoute();
    const year = await endedYear(await personIdOf("practitioner"), "E-RACE-3");
    await recommendAs(year, "pass", "All evidence in.");
    const decision = await requestAs("ld", year.path, form(await asDecidedOnThePage(year, pass)));
    const replacement = await requestAs("practitioner", year.path, form({ intent: "recommendation", recommendation: "fail", note: "On reflection, not yet." }));

    const answer = await whenFirstRead(YEAR_READ, async () => expect((await run(action, replacement, year.params)).status).toBe(303), () => run(action, decision, year.params));

    expect(answer.status).toBe(409);
    expect((answer.data as Errors).reply.error).toEqual({ "": ["decision.errors.recommendationChanged"] });
    await expectUndecided(year, "fail");
  });
});
