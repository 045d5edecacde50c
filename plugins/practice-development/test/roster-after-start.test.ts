// L&D's list of who is on a session (its page), through the real loader on a migrated, seeded database,
// rendered in English and Welsh. Once the first date has begun nobody still waiting is given a place, so
// the list says each of them was not given one, as their own page tells them, with no number in a queue
// that no longer moves, and its caption counts them as not given a place rather than as waiting. Before,
// it went on showing "On the waiting list (number 1)" under a caption of people "with a place or waiting".
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { sessionWithWaitingList } from "./one-seat-session";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";
const HOUR = 3_600_000;

const PLACE = { "en-GB": "Has a place", cy: "Mae ganddynt le" } as const;
const WAITING = { "en-GB": "On the waiting list (number 1)", cy: "Ar y rhestr aros (rhif 1)" } as const;
const REQUESTED = { "en-GB": "Waiting for a decision", cy: "Yn aros am benderfyniad" } as const;
const NOT_GIVEN = { "en-GB": "Not given a place: the session has begun", cy: "Ni chafodd le: mae'r sesiwn wedi dechrau" } as const;
const CAPTION_WAITING = { "en-GB": "People with a place or waiting (3; 1 place)", cy: "Pobl sydd â lle neu sy'n aros (3; 1 o leoedd)" } as const;
const CAPTION_BEGUN = { "en-GB": "People with a place, and those not given one (3; 1 place)", cy: "Pobl sydd â lle, a'r rhai na chawsant le (3; 1 o leoedd)" } as const;

beforeAll(async () => {
  await seedDemo();
});

/** The one-seat session, with a request from the service manager besides the practitioner's place and the manager's spot. */
async function sessionWithRequest(name: string) {
  const { cohort } = await sessionWithWaitingList(name);
  const asking = await personIdOf("serviceManager");
  const now = new Date().toISOString();
  await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: asking, status: "requested", waitlist_position: null, reason: null, decided_by: null, requested_by: asking, override_reason: null, created_at: now, updated_at: now }).execute();
  return cohort;
}

/** Moves the cohort's one session to begin at `startsAt`, for an hour and a half. */
const sessionAt = (cohort: number, startsAt: Date) =>
  db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 1.5 * HOUR).toISOString() }).where("cohort_id", "=", cohort).execute();

const nameOf = async (who: DemoAccount) => {
  const person = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf(who)).executeTakeFirstOrThrow();
  return `${person.given_name} ${person.family_name}`;
};

/** The page's list as L&D get it: its caption, and each person's status by name. */
async function rosterOn(cohort: number, locale: Locale) {
  const address = `${BASE}/sessions/${cohort}`;
  const page = await run(sessionPage.loader, await requestAs("ld", address), { cohortId: String(cohort) });
  const html = decodeHtml(await renderedAt(sessionPage.default, page.data, address, locale));
  const captions = [...html.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]);
  const rows = [...html.matchAll(/<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">([^<]*)<\/th><td class="govuk-table__cell">[^<]*<\/td><td class="govuk-table__cell">([^<]*)<\/td>/g)];
  return { captions, status: Object.fromEntries(rows.map((m) => [m[1], m[2]])), html };
}

describe("L&D's list of who is on a session", () => {
  it("before the first date begins shows the waiting list's numbers, under a caption of people with a place or waiting", async () => {
    const cohort = await sessionWithRequest("Listed before it began");
    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toContain(CAPTION_WAITING[locale]);
      expect(roster.status).toEqual({ [await nameOf("practitioner")]: PLACE[locale], [await nameOf("manager")]: WAITING[locale], [await nameOf("serviceManager")]: REQUESTED[locale] });
    }
  });

  it("once it has begun says those still waiting were not given a place, with no number, and the caption counts them so", async () => {
    const cohort = await sessionWithRequest("Listed once under way");
    await sessionAt(cohort, new Date(Date.now() - HOUR));
    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toContain(CAPTION_BEGUN[locale]);
      expect(roster.captions).not.toContain(CAPTION_WAITING[locale]);
      expect(roster.status).toEqual({ [await nameOf("practitioner")]: PLACE[locale], [await nameOf("manager")]: NOT_GIVEN[locale], [await nameOf("serviceManager")]: NOT_GIVEN[locale] });
      expect(roster.html).not.toContain(WAITING[locale]);
    }
  });

  it("with every date cancelled has not begun: the waiting list keeps its numbers", async () => {
    const cohort = await sessionWithRequest("Listed with every date cancelled");
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohort).execute();
    const roster = await rosterOn(cohort, "en-GB");
    expect(roster.captions).toContain(CAPTION_WAITING["en-GB"]);
    expect(roster.status[await nameOf("manager")]).toBe(WAITING["en-GB"]);
  });
});
