// The endorsement request and each rating to review reach the line manager and the service manager alike.
// A decision or review is stored only on the one the page showed: the second manager's page, drawn before
// the first saved theirs, is refused as changed meanwhile (409), storing nothing, keeping what they typed,
// and the page drawn again shows what is recorded now, from which they may decide again.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { candidate, form, placeOnTrack, shownRatings, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

type Account = "manager" | "serviceManager";
type Reply = { reply?: { error: Record<string, string[]> }; error?: Record<string, string[]> };
const NOTE = "Not yet: more evidence from direct work, please.";
const COMMENT = "Developing: the plans I read were not yet consistent.";

let alex: number;
let first: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  [first] = await statementIds("kss-practitioner");
  auditBefore = await startAfresh(alex);
});

const audited = async (like: string) =>
  (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "like", like).execute()).map((e) => e.action);

const noticesOf = async (key: string) => (await db().selectFrom("notices").select("id").where("person_id", "=", alex).where("message_key", "=", key).execute()).length;

/** The form with `intent` as the page renders it for `account`, with the action's answer if any: its fields and the page's words. */
async function renderedForm(module: { default: unknown }, loaderData: unknown, actionData: unknown, path: string, pick: (fields: [string, string][]) => boolean, locale: "en-GB" | "cy" = "en-GB") {
  const html = await renderedAfterPost(module.default as Parameters<typeof renderedAfterPost>[0], loaderData, actionData, locale);
  return { html: decodeHtml(html), fields: postForms(html, `http://localhost${path}`).find((f) => pick(f.fields))?.fields ?? [] };
}

/** `fields` with these answers in place of whatever the form held. */
const answering = (fields: [string, string][], answers: Record<string, string>): [string, string][] => [...fields.filter(([name]) => !(name in answers)), ...Object.entries(answers)];

describe("two managers deciding one endorsement", () => {
  const personPath = (query = "") => `/programmes/naas/people/${alex}?track=practitioner${query}`;
  const params = () => ({ personId: String(alex) });
  const route = () => import("../routes/people.$personId");
  const isEndorse = (fields: [string, string][]) => fields.some(([name, value]) => name === "intent" && value === "endorse");
  const openPage = async (account: Account, query = "") => (await run((await route()).loader, await requestAs(account, personPath(query)), params())).data;
  const post = async (account: Account, fields: [string, string][]) => run((await route()).action, await requestAs(account, personPath(), form(fields)), params());

  it("refuses the older page's 'not yet' once the other manager has endorsed, storing nothing, and shows the decision as it stands", async () => {
    await placeOnTrack(alex, { endorsement: null, endorsed_by: null, endorsed_at: null });
    const module = await route();
    // Both open the page while the request waits; the line manager endorses first.
    const lineManagers = await renderedForm(module, await openPage("manager"), null, personPath(), isEndorse);
    const serviceManagers = await renderedForm(module, await openPage("serviceManager"), null, personPath(), isEndorse);
    expect(serviceManagers.fields.map(([name]) => name)).toContain("shownDecision");
    expect((await post("manager", answering(lineManagers.fields, { decision: "endorsed", note: "Ready." }))).status).toBe(303);
    const notYetNotices = await noticesOf("notices.not_yet");

    const refused = await post("serviceManager", answering(serviceManagers.fields, { decision: "not_yet", note: NOTE }));

    expect(refused.status).toBe(409);
    expect((refused.data as Reply).reply!.error).toEqual({ "": ["endorse.errors.decisionChanged"] });
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: "Ready.", endorsed_by: await personIdOf("manager") });
    expect(await audited("naas.endorsement.%")).toEqual(["naas.endorsement.endorsed"]);
    expect(await noticesOf("notices.not_yet")).toBe(notYetNotices);

    // Drawn again, the page says why, keeps the decision and note as typed, and says who endorsed and when.
    const manager = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
    let again: [string, string][] = [];
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await renderedForm(module, await openPage("serviceManager", `&lng=${locale}`), refused.data, personPath(), isEndorse, locale);
      const t = fixedT(locale, "naas");
      expect(page.html).toContain(t("endorse.errors.decisionChanged"));
      expect(page.html).toMatch(new RegExp(t("endorse.recorded.endorsed", { name: `${manager.given_name} ${manager.family_name}`, date: "\\d{1,2} \\S+ \\d{4}" }).replace(/\./g, "\\.")));
      expect(page.fields).toEqual(expect.arrayContaining([["decision", "not_yet"], ["note", NOTE]]));
      again = page.fields;
    }
    // Having seen the endorsement, the service manager may still replace it, knowingly.
    expect((await post("serviceManager", again)).status).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "not_yet", endorsement_note: NOTE, endorsed_by: await personIdOf("serviceManager") });
  });

  it("refuses a decision posted as the brief's sketch does, with only the ratings shown, once another is stored", async () => {
    await placeOnTrack(alex, { endorsement: null, endorsed_by: null, endorsed_at: null });
    const shown = await shownRatings(alex);
    expect((await post("manager", [["intent", "endorse"], ["decision", "endorsed"], ["shownRatings", shown]])).status).toBe(303);
    const refused = await post("serviceManager", [["intent", "endorse"], ["decision", "not_yet"], ["note", NOTE], ["shownRatings", shown]]);
    expect(refused.status).toBe(409);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsed_by: await personIdOf("manager") });
    expect(await audited("naas.endorsement.%")).toEqual(["naas.endorsement.endorsed"]);
  });
});

describe("two managers reviewing one rating", () => {
  const reviewPath = () => `/programmes/naas/people/${alex}/statements/${first}`;
  const params = () => ({ personId: String(alex), statementId: String(first) });
  const route = () => import("../routes/people.$personId.statements.$statementId");
  const isReview = (fields: [string, string][]) => fields.some(([name]) => name === "shownRating");
  const openPage = async (account: Account, query = "") => (await run((await route()).loader, await requestAs(account, `${reviewPath()}${query}`), params())).data;
  const post = async (account: Account, fields: [string, string][]) => run((await route()).action, await requestAs(account, reviewPath(), form(fields)), params());
  const review = () => naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", alex).where("statement_id", "=", first).executeTakeFirstOrThrow();

  it("refuses the older page's review once the other manager has reviewed, storing nothing, and shows the review as it stands", async () => {
    const statement = await import("../routes/statements.$statementId");
    expect((await run(statement.action, await requestAs("practitioner", `/programmes/naas/statements/${first}`, form({ intent: "rating", rating: "3" })), { statementId: String(first) })).status).toBe(303);
    const module = await route();
    const lineManagers = await renderedForm(module, await openPage("manager"), null, reviewPath(), isReview);
    const serviceManagers = await renderedForm(module, await openPage("serviceManager"), null, reviewPath(), isReview);
    expect(serviceManagers.fields.map(([name]) => name)).toContain("shownReview");
    expect((await post("manager", answering(lineManagers.fields, { review: "agree" }))).status).toBe(303);

    const refused = await post("serviceManager", answering(serviceManagers.fields, { review: "differ", rating: "2", comment: COMMENT }));

    expect(refused.status).toBe(409);
    expect((refused.data as Reply).error).toEqual({ "": ["review.errors.reviewChanged"] });
    expect(await review()).toMatchObject({ review: "agree", manager_rating: null, manager_comment: null, reviewed_by: await personIdOf("manager") });
    expect(await audited("naas.rating.reviewed")).toEqual(["naas.rating.reviewed"]);

    const manager = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
    let again: [string, string][] = [];
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await renderedForm(module, await openPage("serviceManager", `?lng=${locale}`), refused.data, reviewPath(), isReview, locale);
      const t = fixedT(locale, "naas");
      expect(page.html).toContain(t("review.errors.reviewChanged"));
      expect(page.html).toMatch(new RegExp(t("review.recorded.agreed", { name: `${manager.given_name} ${manager.family_name}`, date: "\\d{1,2} \\S+ \\d{4}" }).replace(/\./g, "\\.")));
      expect(page.fields).toEqual(expect.arrayContaining([["review", "differ"], ["rating", "2"], ["comment", COMMENT]]));
      again = page.fields;
    }
    expect((await post("serviceManager", again)).status).toBe(303);
    expect(await review()).toMatchObject({ review: "differ", manager_rating: 2, manager_comment: COMMENT, reviewed_by: await personIdOf("serviceManager") });
  });
});
