// Endorsement and statement review are the line manager's decisions, whatever other roles they hold: a
// manager who also works in L&D sees everyone's NAAS record, but endorses and reviews only their own line.
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { rateStatement } from "../server/journey.server";
import { candidate, form, shownRatings, statementIds } from "./support";

const SYSTEM = { userId: null, personId: null };
const personRoute = () => import("../routes/people.$personId");
const reviewRoute = () => import("../routes/people.$personId.statements.$statementId");

let managerUserId: number;

/** A frontline social worker, qualified long enough for the practitioner track, outside the manager's line. */
async function eligibleOutsideLineOf(managerPersonId: number) {
  const row = await sql<{ id: number }>`
    with recursive reports(id) as (
      select id from people where line_manager_id = ${managerPersonId}
      union select p.id from people p join reports r on p.line_manager_id = r.id)
    select id from people
    where id not in (select id from reports) and id <> ${managerPersonId}
      and role_category = 'social_worker' and qualification_date < '2015-01-01'
    order by id limit 1`.execute(db());
  return row.rows[0].id;
}

beforeAll(async () => {
  await seedDemo();
  managerUserId = await userIdOf("manager");
  await db().insertInto("user_roles").values({ user_id: managerUserId, role: "learning_development" }).execute();
});

afterAll(async () => {
  await db().deleteFrom("user_roles").where("user_id", "=", managerUserId).where("role", "=", "learning_development").execute();
});

const review = (personId: number, statementId: number) =>
  naasDb().selectFrom("naas_ratings").select(["review", "reviewed_by"]).where("person_id", "=", personId).where("statement_id", "=", statementId).executeTakeFirstOrThrow();

async function personPage(personId: number) {
  const { loader } = await personRoute();
  const page = await run(loader, await requestAs("manager", `/programmes/naas/people/${personId}?track=practitioner`), { personId: String(personId) });
  const data = page.data as { canEndorse: boolean; view: { eligible: boolean } };
  return { status: page.status, eligible: data.view.eligible, canEndorse: data.canEndorse };
}

async function endorse(personId: number) {
  const { action } = await personRoute();
  const path = `/programmes/naas/people/${personId}?track=practitioner`;
  return (await run(action, await requestAs("manager", path, form({ intent: "endorse", decision: "endorsed", note: "Ready.", shownRatings: await shownRatings(personId) })), { personId: String(personId) })).status;
}

async function reviewPage(personId: number, statementId: number) {
  const { loader } = await reviewRoute();
  const page = await run(loader, await requestAs("manager", `/programmes/naas/people/${personId}/statements/${statementId}`), { personId: String(personId), statementId: String(statementId) });
  return { status: page.status, canReview: (page.data as { canReview: boolean }).canReview };
}

async function agree(personId: number, statementId: number) {
  const { action } = await reviewRoute();
  const path = `/programmes/naas/people/${personId}/statements/${statementId}`;
  return (await run(action, await requestAs("manager", path, form({ review: "agree", shownRating: "3" })), { personId: String(personId), statementId: String(statementId) })).status;
}

describe("a line manager who also works in L&D", () => {
  it("may read the NAAS record of someone outside their line, but not endorse them or review their statements", async () => {
    const outsider = await eligibleOutsideLineOf(await personIdOf("manager"));
    const [first] = await statementIds("kss-practitioner");
    await rateStatement(outsider, first, 3, SYSTEM);

    expect(await personPage(outsider)).toEqual({ status: 200, eligible: true, canEndorse: false });
    expect(await endorse(outsider)).toBe(403);
    expect((await candidate(outsider, "practitioner"))?.endorsement ?? null).toBeNull();

    expect(await reviewPage(outsider, first)).toEqual({ status: 200, canReview: false });
    expect(await agree(outsider, first)).toBe(403);
    expect(await review(outsider, first)).toEqual({ review: null, reviewed_by: null });
  });

  it("still endorses and reviews the people in their own line", async () => {
    const alex = await personIdOf("practitioner");
    const [first] = await statementIds("kss-practitioner");
    await rateStatement(alex, first, 3, SYSTEM);

    expect(await reviewPage(alex, first)).toEqual({ status: 200, canReview: true });
    expect(await agree(alex, first)).toBe(303);
    expect(await review(alex, first)).toEqual({ review: "agree", reviewed_by: await personIdOf("manager") });

    expect(await personPage(alex)).toEqual({ status: 200, eligible: true, canEndorse: true });
    expect(await endorse(alex)).toBe(303);
    expect(await candidate(alex, "practitioner")).toMatchObject({ endorsement: "endorsed", endorsement_note: "Ready." });
  });
});
