// The completion form carries the completion as its page showed it (when it was last saved, or that there
// was none yet). A save from a page drawn before a colleague saved the completion is refused (409) with
// nothing changed, so the colleague's registration is not written over; what was typed comes back, with the
// completion as it now is, and saving again from there works. A post that does not say what its page showed
// is refused the same way. Through the real loader and action, in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { isRefusal } from "../../../app/utils/refused-form";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import * as page from "../routes/apprentices.$personId";
import { NO_COMPLETION_YET } from "../server/completion.server";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";
import { apprenticePath, completionShown, sendCompletion } from "./completion-form";

beforeAll(seedDemo);

const day = (offset: number) => addDaysToDate(londonToday(), offset);
const completionOf = (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_completions").selectAll().where("person_id", "=", personId).executeTakeFirst();
const savedEvents = (personId: number) => db().selectFrom("audit_events").select("id").where("person_id", "=", personId).where("action", "=", "apprenticeship.completion.saved").execute();
type Refused = { reply: { error: Record<string, string[]>; initialValue: Record<string, string> }; shown: string };

/** The apprentice's page after the refused save, drawn afresh (as without JavaScript, or after the 409's reload). */
async function pageAfter(personId: number, refused: Outcome, locale: "en-GB" | "cy") {
  const loaded = await run(page.loader, await requestAs("ld", `${apprenticePath(personId)}?lng=${locale}`), { personId: String(personId) });
  const html = await renderedAfterPost(page.default, loaded.data, refused.data, locale);
  const completionForm = postForms(html, `http://localhost${apprenticePath(personId)}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "completion"))!;
  return { html: html.replaceAll("&#x27;", "'"), fields: completionForm.fields };
}

describe("a completion saved from a page drawn before a colleague saved it", () => {
  it("is refused, keeping the colleague's registration and what was typed, and shows the completion as it now is", async () => {
    const [apprentice] = (await apprentices()).filter((a) => !a.completion);
    const personId = apprentice.personId;
    // Two of L&D open the page; neither sees a completion yet.
    const older = await completionShown("ld", personId);
    expect(older).toBe(NO_COMPLETION_YET);
    const registration = { gatewayOn: day(-90), degreeOutcome: "upper_second", degreeOn: day(-60), registeredOn: day(-10), registrationNumber: "SW765432" };
    expect((await sendCompletion(personId, registration)).status).toBe(303);
    const colleagues = await completionOf(personId);
    const events = await savedEvents(personId);

    const typed = { gatewayOn: day(-100), degreeOutcome: "pass", degreeOn: day(-50) };
    const refused = await sendCompletion(personId, typed, { shown: older });
    expect(refused.status).toBe(409);
    const answer = refused.data as Refused;
    expect(answer.reply.error).toEqual({ "": ["completion.errors.changedMeanwhile"] });
    expect(answer.reply.initialValue).toMatchObject(typed);
    expect(answer.shown).toBe(colleagues!.updated_at);
    expect(isRefusal(refused.data)).toBe(true);
    expect(await completionOf(personId)).toEqual(colleagues);
    expect(await savedEvents(personId)).toEqual(events);

    for (const locale of ["en-GB", "cy"] as const) {
      const after = await pageAfter(personId, refused, locale);
      expect(after.html, locale).toContain(fixedT(locale)("apprenticeship:completion.errors.changedMeanwhile"));
      expect(after.html, locale).toContain(fixedT(locale)("apprenticeship:completion.nowHeading"));
      // The colleague's registration as it is now, and the dates this one typed still in the form.
      expect(after.html, locale).toContain("SW765432");
      expect(after.fields, locale).toContainEqual(["gatewayOn", typed.gatewayOn]);
      expect(after.fields, locale).toContainEqual(["shown", colleagues!.updated_at]);
    }
    expect(fixedT("cy")("apprenticeship:completion.errors.changedMeanwhile")).not.toBe(fixedT("en-GB")("apprenticeship:completion.errors.changedMeanwhile"));

    // Saved again from that page, having seen the colleague's: taken.
    expect((await sendCompletion(personId, { ...registration, degreeOutcome: "first" }, { shown: answer.shown })).status).toBe(303);
    expect(await completionOf(personId)).toMatchObject({ degree_outcome: "first", registration_number: "SW765432" });
  });

  it("is refused, nothing saved, when the form does not say what its page showed", async () => {
    const [apprentice] = (await apprentices()).filter((a) => !a.completion);
    const personId = apprentice.personId;
    const body = new URLSearchParams({ intent: "completion", gatewayOn: day(-5) });
    const refused = await run(page.action, await requestAs("ld", apprenticePath(personId), { method: "POST", body }), { personId: String(personId) });
    expect(refused.status).toBe(409);
    expect((refused.data as Refused).reply.error).toEqual({ "": ["completion.errors.pageOutOfDate"] });
    expect((refused.data as Refused).shown).toBe(NO_COMPLETION_YET);
    expect(await completionOf(personId)).toBeUndefined();
    expect(await savedEvents(personId)).toEqual([]);
    for (const locale of ["en-GB", "cy"] as const) expect(fixedT(locale)("apprenticeship:completion.errors.pageOutOfDate")).not.toMatch(/completion\.errors/);
  });
});
