// Saving the rating a statement already has changes nothing: nothing is written and nothing audited (an
// event whose before equals its after is noise in the trail), the manager's review of it stands, and the
// page answers as saved, as it does for any save. Two saves of one new rating at once, each compared under
// the person's lock with what the other stored, are one change: one event, one word to the endorser.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, observeQueries } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { rateStatement } from "../server/journey.server";
import { form, shownRatings, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const SECURE = "3";

let alex: number;
let statementId: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  [statementId] = await statementIds("kss-practitioner");
  auditBefore = await startAfresh(alex);
  await db().deleteFrom("notices").where("source", "=", "naas").execute();
});

const statementPath = () => `/programmes/naas/statements/${statementId}`;
const statementRoute = () => import("../routes/statements.$statementId");

const ratingRequest = (rating: string) => requestAs("practitioner", statementPath(), form({ intent: "rating", rating }));

async function send(request: Request) {
  const { action } = await statementRoute();
  return run(action, request, { statementId: String(statementId) });
}

const rate = async (rating: string) => send(await ratingRequest(rating));

const ratingsAudited = async () =>
  (await db().selectFrom("audit_events").select(["before_json", "after_json"]).where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "=", "naas.rating.self").orderBy("id").execute()).map((e) => [e.before_json, e.after_json]);

const storedRating = () => naasDb().selectFrom("naas_ratings").selectAll().where("person_id", "=", alex).where("statement_id", "=", statementId).executeTakeFirstOrThrow();

/** The statements the database was asked to change while `work` ran. */
async function writesDuring(work: () => Promise<unknown>) {
  const writes: string[] = [];
  const stop = observeQueries((sql) => {
    if (/^\s*(insert|update|delete)\b/i.test(sql)) writes.push(sql);
  });
  try {
    await work();
  } finally {
    stop();
  }
  return writes;
}

describe("saving the same rating again", () => {
  it("writes and audits nothing, keeps the manager's review, and the page answers as saved", async () => {
    expect((await rate(SECURE)).status).toBe(303);
    const review = await import("../routes/people.$personId.statements.$statementId");
    const reviewed = await run(review.action, await requestAs("manager", `/programmes/naas/people/${alex}/statements/${statementId}`, form({ review: "differ", rating: "2", comment: "More on child development, please.", shownRating: SECURE })), { personId: String(alex), statementId: String(statementId) });
    expect(reviewed.status).toBe(303);
    const stored = await storedRating();
    expect(await ratingsAudited()).toEqual([[null, "3"]]);

    // Signed in first: the test's sign-in writes a session, the save itself nothing.
    const again = await ratingRequest(SECURE);
    let answer: Awaited<ReturnType<typeof send>> | undefined;
    expect(await writesDuring(async () => (answer = await send(again)))).toEqual([]);

    expect(answer!.status).toBe(303);
    const location = answer!.headers.get("Location")!;
    expect(location).toBe(`${statementPath()}?saved=rating`);
    expect(await storedRating()).toEqual(stored);
    expect(await ratingsAudited()).toEqual([[null, "3"]]);

    const { loader, default: Page } = await statementRoute();
    for (const locale of ["en-GB", "cy"] as const) {
      const page = await run(loader, await requestAs("practitioner", `${location}&lng=${locale}`), { statementId: String(statementId) });
      expect(page.data).toMatchObject({ saved: "rating", selfRating: 3 });
      expect(decodeHtml(await renderedAfterPost(Page, page.data, null, locale))).toContain(fixedT(locale, "naas")("statement.saved.rating"));
    }
  });

  it("is one change when two saves of the same new rating arrive at once: one event and one notice to the endorser", async () => {
    expect((await rate(SECURE)).status).toBe(303);
    const { action } = await import("../routes/people.$personId");
    const endorsed = await run(action, await requestAs("manager", `/programmes/naas/people/${alex}?track=practitioner`, form({ intent: "endorse", decision: "endorsed", note: "Ready.", shownRatings: await shownRatings(alex) })), { personId: String(alex) });
    expect(endorsed.status).toBe(303);

    await Promise.all([rateStatement(alex, statementId, 4, SYSTEM), rateStatement(alex, statementId, 4, SYSTEM)]);

    expect(await ratingsAudited()).toEqual([
      [null, "3"],
      ["3", "4"],
    ]);
    const told = await db().selectFrom("notices").select("id").where("person_id", "=", await personIdOf("manager")).where("message_key", "=", "notices.ratingChangedAfterEndorsement").execute();
    expect(told).toHaveLength(1);
  });
});
