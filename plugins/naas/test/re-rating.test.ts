// A manager reviews the rating they saw. When the person changes their rating, that review no longer
// applies: it is cleared, the statement waits for the manager again and the new rating is the one that
// counts. Saving the same rating again keeps the review. Once the manager has endorsed the person, a
// changed rating also tells the endorsing manager, so they can look again.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import * as team from "../../../app/routes/team._index";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { addEvidence, rateStatement } from "../server/journey.server";
import type { TrackView } from "../server/views.server";
import { clearJourney, form, shownRatings, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const NOT_YET = "1";
const SECURE = "3";
const STRONG = "4";

let alex: number;
let statementId: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  [statementId] = await statementIds("kss-practitioner");
  await clearJourney(alex);
  await db().deleteFrom("notices").where("source", "=", "naas").execute();
  await addEvidence(alex, statementId, { occurredOn: "2026-10-01", kind: "case_work", reflection: "Evidence." }, SYSTEM);
});

const statementPath = () => `/programmes/naas/statements/${statementId}`;
const reviewPath = () => `/programmes/naas/people/${alex}/statements/${statementId}`;

async function rate(rating: string) {
  const { action } = await import("../routes/statements.$statementId");
  const saved = await run(action, await requestAs("practitioner", statementPath(), form({ intent: "rating", rating })), { statementId: String(statementId) });
  expect(saved.status).toBe(303);
}

const reviewRoute = () => import("../routes/people.$personId.statements.$statementId");
const reviewParams = () => ({ personId: String(alex), statementId: String(statementId) });

/** The manager's review, sent with the rating their page shows, as the page's form sends it. */
async function review(fields: Record<string, string>) {
  const { action } = await reviewRoute();
  const shownRating = String((await managerReviewPage()).shownRating);
  const saved = await run(action, await requestAs("manager", reviewPath(), form({ ...fields, shownRating })), reviewParams());
  expect(saved.status).toBe(303);
}

async function ownStatementPage() {
  const { loader } = await import("../routes/statements.$statementId");
  return (await run(loader, await requestAs("practitioner", statementPath()), { statementId: String(statementId) })).data as { selfRating: number; manager: { agreed: boolean; rating: string; comment: string | null } | null; reason: string };
}

async function managerReviewPage() {
  const { loader } = await import("../routes/people.$personId.statements.$statementId");
  return (await run(loader, await requestAs("manager", reviewPath()), reviewParams())).data as { review: string | null; managerRating: number | null; managerComment: string | null; canReview: boolean; shownRating: number | null };
}

async function managerStatementRow() {
  const { loader } = await import("../routes/people.$personId");
  const page = (await run(loader, await requestAs("manager", `/programmes/naas/people/${alex}?track=practitioner`), { personId: String(alex) })).data as { view: TrackView };
  return page.view.statements.find((s) => s.id === statementId)!;
}

describe("changing a rating the manager has reviewed", () => {
  it("clears the manager's agreement and puts the statement back in front of them", async () => {
    await rate(NOT_YET);
    const { action: requestEndorsement } = await import("../routes/index");
    expect((await run(requestEndorsement, await requestAs("practitioner", "/programmes/naas", form({ track: "practitioner" })))).status).toBe(303);
    await review({ review: "agree" });
    expect((await ownStatementPage()).manager).toMatchObject({ agreed: true });

    await rate(STRONG);

    const own = await ownStatementPage();
    expect(own.selfRating).toBe(4);
    expect(own.manager).toBeNull();
    expect(own.reason).toBe("Rated Strong, with evidence.");
    expect(await managerReviewPage()).toMatchObject({ review: null, managerRating: null, managerComment: null, canReview: true });
    expect(await managerStatementRow()).toMatchObject({ self: "Strong", manager: "Not reviewed", state: "ready" });
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; what: string; href: string }[] }).inbox;
    expect(inbox.find((i) => i.personId === alex)).toMatchObject({ what: "NAAS endorsement and review (practitioner)", href: `/programmes/naas/people/${alex}?track=practitioner` });
    const row = await naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", alex).where("statement_id", "=", statementId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ self_rating: 4, review: null, manager_rating: null, manager_comment: null, reviewed_by: null, reviewed_at: null });
    const audited = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("action", "=", "naas.rating.self").where("person_id", "=", alex).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audited).toEqual({ before_json: "1", after_json: "4" });
  });

  it("lets the new rating count where the manager had rated it differently", async () => {
    await rate(SECURE);
    await review({ review: "differ", rating: "2", comment: "More on child development, please." });
    expect((await ownStatementPage()).reason).toBe("Rated Developing: it needs to reach Secure. Gather practice and evidence, then rate it again.");

    await rate(STRONG);

    const own = await ownStatementPage();
    expect(own.manager).toBeNull();
    expect(own.reason).toBe("Rated Strong, with evidence.");
    expect(await managerStatementRow()).toMatchObject({ self: "Strong", manager: "Not reviewed", managerComment: null, state: "ready" });
  });

  it("keeps the manager's review when the same rating is saved again", async () => {
    await rate(SECURE);
    await review({ review: "differ", rating: "2", comment: "More on child development, please." });

    await rate(SECURE);

    expect((await ownStatementPage()).manager).toEqual({ agreed: false, rating: "Developing", comment: "More on child development, please." });
    expect(await managerReviewPage()).toMatchObject({ review: "differ", managerRating: 2, managerComment: "More on child development, please." });
  });
});

describe("a manager's review of a rating changed since their page showed it", () => {
  it("is refused as changed meanwhile, keeping what they typed, and the page shows the rating as it stands", async () => {
    await rate(SECURE);
    const reviewsAudited = () => db().selectFrom("audit_events").select("id").where("person_id", "=", alex).where("action", "=", "naas.rating.reviewed").execute();
    const reviewsBefore = await reviewsAudited();
    const { action, loader, default: Page, shouldRevalidate } = await reviewRoute();
    const opened = (await run(loader, await requestAs("manager", reviewPath()), reviewParams())).data;
    const shownForm = postForms(await renderedAfterPost(Page, opened, null), `http://localhost${reviewPath()}`)[0];
    expect(shownForm.fields).toContainEqual(["shownRating", SECURE]);

    // The person re-rates while their manager's page is open; the manager, still looking at Secure, agrees.
    await rate(STRONG);
    const comment = "Agreed: secure, from the visits I observed.";
    const refused = await run(action, await requestAs("manager", reviewPath(), form([...shownForm.fields, ["review", "agree"], ["comment", comment]])), reviewParams());

    expect(refused.status).toBe(409);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ "": ["review.errors.ratingChanged"] });
    const row = await naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", alex).where("statement_id", "=", statementId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ self_rating: 4, review: null, manager_comment: null, reviewed_by: null });
    expect(await reviewsAudited()).toEqual(reviewsBefore);

    // The page reloads its data after the refusal and shows the rating now, with the reason in the error
    // summary and the comment as typed; sent again, the review is of the rating it now shows.
    expect(shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<typeof shouldRevalidate>[0])).toBe(true);
    let again: [string, string][] = [];
    for (const locale of ["en-GB", "cy"] as const) {
      const t = fixedT(locale, "naas");
      const reloaded = (await run(loader, await requestAs("manager", `${reviewPath()}?lng=${locale}`), reviewParams())).data;
      const html = await renderedAfterPost(Page, reloaded, refused.data, locale);
      expect(decodeHtml(html)).toContain(t("review.errors.ratingChanged"));
      expect(decodeHtml(html)).toContain(t("review.theirRating", { rating: t("ratings.strong.name") }));
      again = postForms(html, `http://localhost${reviewPath()}`)[0].fields;
      expect(again).toEqual(expect.arrayContaining([["shownRating", STRONG], ["review", "agree"], ["comment", comment]]));
    }
    expect((await run(action, await requestAs("manager", reviewPath(), form(again)), reviewParams())).status).toBe(303);
    expect(await managerReviewPage()).toMatchObject({ review: "agree", managerComment: comment });
  });
});

async function endorse() {
  const { action } = await import("../routes/people.$personId");
  const path = `/programmes/naas/people/${alex}?track=practitioner`;
  const saved = await run(action, await requestAs("manager", path, form({ intent: "endorse", decision: "endorsed", note: "Ready.", shownRatings: await shownRatings(alex) })), { personId: String(alex) });
  expect(saved.status).toBe(303);
}

/** What the manager reads on /me from NAAS, in the language asked for. */
async function managerNotices(query = "") {
  const page = (await run(me.loader, await requestAs("manager", `/me${query}`))).data as { notices: { text: string; href: string | null }[] };
  return page.notices.filter((n) => n.href?.startsWith("/programmes/naas"));
}

const changedSinceEndorsed = (name: string) => `${name} has changed their rating of statement 1 since you endorsed them for NAAS assessment. Look at their readiness again.`;

async function alexName() {
  const person = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", alex).executeTakeFirstOrThrow();
  return `${person.given_name} ${person.family_name}`;
}

describe("changing a rating after the manager has endorsed the person", () => {
  it("tells the endorsing manager, in their language, and links to the person's readiness", async () => {
    await rate(SECURE);
    await endorse();
    expect(await managerNotices()).toEqual([]);

    await rate(STRONG);

    const name = await alexName();
    expect(await managerNotices()).toEqual([{ id: expect.any(Number), text: changedSinceEndorsed(name), href: `/programmes/naas/people/${alex}?track=practitioner` }]);
    expect((await managerNotices("?lng=cy")).map((n) => n.text)).toEqual([`Mae ${name} wedi newid eu sgôr ar gyfer datganiad 1 ers i chi eu hardystio ar gyfer asesiad NAAS. Edrychwch ar eu parodrwydd eto.`]);
    // The endorsement stands: a booked place is not taken away by a changed rating.
    const endorsed = await naasDb().selectFrom("naas_candidates").select("endorsement").where("person_id", "=", alex).where("track", "=", "practitioner").executeTakeFirstOrThrow();
    expect(endorsed.endorsement).toBe("endorsed");
  });

  it("says nothing for the same rating saved again, or for a change before any endorsement", async () => {
    await rate(SECURE);
    await rate(STRONG);
    await endorse();

    await rate(STRONG);

    expect(await managerNotices()).toEqual([]);
  });

  it("tells the manager once when two saves of the same new rating arrive at once, each compared with what the other saved", async () => {
    await rate(SECURE);
    await endorse();

    await Promise.all([rateStatement(alex, statementId, 4, SYSTEM), rateStatement(alex, statementId, 4, SYSTEM)]);

    expect(await managerNotices()).toHaveLength(1);
    // The second found the first's rating, the same as its own, and saved (and audited) nothing.
    const audited = await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("action", "=", "naas.rating.self").where("person_id", "=", alex).orderBy("id", "desc").limit(2).execute();
    expect(audited.reverse()).toEqual([
      { before_json: null, after_json: "3" },
      { before_json: "3", after_json: "4" },
    ]);
  });
});
