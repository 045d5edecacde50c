// L&D's list of who is on a session leaves out those withdrawn or declined (counted in a sentence beneath
// it); the page still names them, each with their team, in a fold under that sentence, so L&D can say who
// dropped out without reading the audit log. Before, the count was all the page said. Through the real
// loader on a migrated, seeded database, rendered in English and Welsh.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { post } from "./briefing-requests";
import { sessionWithWaitingList } from "./one-seat-session";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";
const WITHDRAWN_NAMES = { "en-GB": "Names of the people withdrawn", cy: "Enwau'r rhai a dynnwyd yn ôl" } as const;
const DECLINED_NAMES = { "en-GB": "Names of the people whose requests were declined", cy: "Enwau'r rhai y gwrthodwyd eu cais" } as const;

beforeAll(async () => {
  await seedDemo();
});

/** "Given Family, Team" for a demo account, as the fold lists them. */
async function listedAs(who: DemoAccount) {
  const person = await db()
    .selectFrom("people as p")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .select(["p.given_name", "p.family_name", "t.name as team"])
    .where("p.id", "=", await personIdOf(who))
    .executeTakeFirstOrThrow();
  return `${person.given_name} ${person.family_name}, ${person.team}`;
}

/** Each fold on the page: its summary and the entries of its list. */
async function foldsOn(cohort: number, locale: Locale) {
  const address = `${BASE}/sessions/${cohort}`;
  const page = await run(sessionPage.loader, await requestAs("ld", address), { cohortId: String(cohort) });
  const html = decodeHtml(await renderedAt(sessionPage.default, page.data, address, locale));
  return [...html.matchAll(/<details class="govuk-details">.*?<span class="govuk-details__summary-text">([^<]*)<\/span>.*?<ul class="govuk-list">(.*?)<\/ul>/g)].map((m) => ({
    summary: m[1],
    names: [...m[2].matchAll(/<li>([^<]*)<\/li>/g)].map((li) => li[1]),
  }));
}

describe("who L&D's list of a session names beneath it", () => {
  it("names each person withdrawn, and each declined, with their team, in a fold of their own", async () => {
    const { cohort } = await sessionWithWaitingList("Names of those left off the list");
    const withdrawn = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
    const done = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(withdrawn.id) })), { cohortId: String(cohort) });
    expect(done.status).toBe(302);
    // Nothing in this programme declines a request, but the core's enrolments can hold one.
    const declined = await personIdOf("asye");
    const now = new Date().toISOString();
    await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: declined, status: "declined", waitlist_position: null, reason: "No budget", decided_by: null, requested_by: declined, override_reason: null, created_at: now, updated_at: now }).execute();

    for (const locale of ["en-GB", "cy"] as const) {
      expect(await foldsOn(cohort, locale)).toEqual([
        { summary: WITHDRAWN_NAMES[locale], names: [await listedAs("manager")] },
        { summary: DECLINED_NAMES[locale], names: [await listedAs("asye")] },
      ]);
    }
  });

  it("has no fold when nobody was withdrawn or declined", async () => {
    const { cohort } = await sessionWithWaitingList("Nobody left off the list");
    expect(await foldsOn(cohort, "en-GB")).toEqual([]);
  });
});
