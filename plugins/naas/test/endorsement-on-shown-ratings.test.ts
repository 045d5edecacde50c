// A manager endorses (or not) on the ratings their page showed, as they review the one rating it showed. A
// rating changed while the page was open refuses the decision as changed meanwhile: nothing is stored, what
// they typed comes back, and the page shows the ratings as they stand, from which the decision is stored.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { candidate, form, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

const SECURE = "3";
const NOT_YET = "1";
const NOTE = "Ready: secure across the visits I observed.";

let alex: number;
let first: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  [first] = await statementIds("kss-practitioner");
  auditBefore = await startAfresh(alex);
});

const personRoute = () => import("../routes/people.$personId");
const personPath = (query = "") => `/programmes/naas/people/${alex}?track=practitioner${query}`;
const params = () => ({ personId: String(alex) });

async function rate(rating: string) {
  const { action } = await import("../routes/statements.$statementId");
  const saved = await run(action, await requestAs("practitioner", `/programmes/naas/statements/${first}`, form({ intent: "rating", rating })), { statementId: String(first) });
  expect(saved.status).toBe(303);
}

/** The endorse form as the page renders it, with the loader's data and the action's answer, if any. */
async function endorseForm(loaderData: unknown, actionData: unknown, locale: "en-GB" | "cy" = "en-GB") {
  const { default: Page } = await personRoute();
  const html = await renderedAfterPost(Page, loaderData, actionData, locale);
  const found = postForms(html, `http://localhost${personPath()}`).find((f) => f.fields.some(([name, value]) => name === "intent" && value === "endorse"));
  return { html: decodeHtml(html), fields: found!.fields };
}

/** The manager's decision, sent with the form's hidden fields as the page rendered them. */
const withDecision = (fields: [string, string][]): [string, string][] => [...fields.filter(([name]) => name !== "decision" && name !== "note"), ["decision", "endorsed"], ["note", NOTE]];

const decisionsAudited = async () =>
  (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "like", "naas.endorsement.%").execute()).map((e) => e.action);

const endorsedNotices = () => db().selectFrom("notices").select("id").where("person_id", "=", alex).where("message_key", "=", "notices.endorsed").execute();

describe("a manager's endorsement when a rating changed since their page showed it", () => {
  it("is refused as changed meanwhile, storing nothing and keeping what they typed, then stored from the page showing the ratings now", async () => {
    await rate(SECURE);
    const { action, loader, shouldRevalidate } = await personRoute();
    const opened = (await run(loader, await requestAs("manager", personPath()), params())).data as { shownRatings: string; canEndorse: boolean };
    expect(opened.canEndorse).toBe(true);
    const shown = await endorseForm(opened, null);
    expect(shown.fields).toContainEqual(["shownRatings", opened.shownRatings]);
    const noticesBefore = (await endorsedNotices()).length;

    // Alex lowers the rating while the manager's page is open; the manager, still looking at Secure, endorses.
    await rate(NOT_YET);
    const refused = await run(action, await requestAs("manager", personPath(), form(withDecision(shown.fields))), params());

    expect(refused.status).toBe(409);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ "": ["endorse.errors.ratingsChanged"] });
    expect((await candidate(alex, "practitioner"))?.endorsement ?? null).toBeNull();
    expect(await decisionsAudited()).toEqual([]);
    expect(await endorsedNotices()).toHaveLength(noticesBefore);

    // The page reloads its data after the refusal: the reason in the error summary, the decision and note
    // as typed, and the ratings as they stand now to send back, in either language.
    expect(shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<typeof shouldRevalidate>[0])).toBe(true);
    let again: [string, string][] = [];
    for (const locale of ["en-GB", "cy"] as const) {
      const reloaded = (await run(loader, await requestAs("manager", personPath(`&lng=${locale}`)), params())).data as { shownRatings: string };
      expect(reloaded.shownRatings).not.toBe(opened.shownRatings);
      const page = await endorseForm(reloaded, refused.data, locale);
      expect(page.html).toContain(fixedT(locale, "naas")("endorse.errors.ratingsChanged"));
      expect(page.fields).toEqual(expect.arrayContaining([["shownRatings", reloaded.shownRatings], ["decision", "endorsed"], ["note", NOTE]]));
      again = page.fields;
    }

    expect((await run(action, await requestAs("manager", personPath(), form(again)), params())).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: NOTE, endorsed_by: await personIdOf("manager") });
    expect(await decisionsAudited()).toEqual(["naas.endorsement.endorsed"]);
    expect(await endorsedNotices()).toHaveLength(noticesBefore + 1);
  });

  it("is refused, storing nothing, when sent without the ratings the page showed", async () => {
    await rate(SECURE);
    const { action } = await personRoute();
    const refused = await run(action, await requestAs("manager", personPath(), form(withDecision([["intent", "endorse"]]))), params());
    expect(refused.status).toBe(409);
    expect((await candidate(alex, "practitioner"))?.endorsement ?? null).toBeNull();
    expect(await decisionsAudited()).toEqual([]);
  });
});
