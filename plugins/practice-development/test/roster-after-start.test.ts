// L&D's list of who is on a session (its page), through the real loader on a migrated, seeded database,
// rendered in English and Welsh. Once the first date has begun nobody still waiting is given a place, so
// the list says each of them was not given one, as their own page tells them, with no number in a queue
// that no longer moves, and its caption counts them as not given a place rather than as waiting. Before,
// it went on showing "On the waiting list (number 1)" under a caption of people "with a place or waiting".
// The list is of those holding or waiting for a place: someone withdrawn or declined is not in it, nor in
// its caption's number, and a sentence beneath says how many it leaves out (before, they were listed and
// counted under that caption). With nobody on it once the session has begun, it says nobody has a place
// and booking has closed, where it said nobody had one "yet". The register is the core's, as before.
// Once the session is over, someone who completed it and someone who did not are listed as such, counted
// in the caption and the register as having held a place, and left out of the withdrawn sentence.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
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
const CAPTION_WAITING_TWO = { "en-GB": "People with a place or waiting (2; 1 place)", cy: "Pobl sydd â lle neu sy'n aros (2; 1 o leoedd)" } as const;
const CAPTION_BEGUN_TWO = { "en-GB": "People with a place, and those not given one (2; 1 place)", cy: "Pobl sydd â lle, a'r rhai na chawsant le (2; 1 o leoedd)" } as const;
const WITHDRAWN_ONE = { "en-GB": "1 person withdrawn from this session is not listed.", cy: "Nid yw'r rhai a dynnwyd yn ôl o'r sesiwn hon wedi'u rhestru. Nifer: 1." } as const;
const WITHDRAWN_TWO = { "en-GB": "2 people withdrawn from this session are not listed.", cy: "Nid yw'r rhai a dynnwyd yn ôl o'r sesiwn hon wedi'u rhestru. Nifer: 2." } as const;
const DECLINED_ONE = { "en-GB": "1 person whose request for a place was declined is not listed.", cy: "Nid yw'r rhai y gwrthodwyd eu cais am le wedi'u rhestru. Nifer: 1." } as const;
const EMPTY = { "en-GB": "Nobody has a place or is waiting yet. Places: 1.", cy: "Nid oes gan neb le ac nid oes neb yn aros eto. Lleoedd: 1." } as const;
const EMPTY_BEGUN = { "en-GB": "Nobody has a place on this session, and booking closed when it began. Places: 1.", cy: "Nid oes gan neb le ar y sesiwn hon, a chaeodd yr archebu pan ddechreuodd. Lleoedd: 1." } as const;
const COMPLETED = { "en-GB": "Completed", cy: "Wedi cwblhau" } as const;
const NOT_COMPLETED = { "en-GB": "Did not complete", cy: "Heb gwblhau" } as const;
const CAPTION_OVER_TWO = { "en-GB": "People with a place, and those not given one (2; 2 places)", cy: "Pobl sydd â lle, a'r rhai na chawsant le (2; 2 o leoedd)" } as const;
const WITHDRAWN_NAMES = { "en-GB": "Names of the people withdrawn", cy: "Enwau'r rhai a dynnwyd yn ôl" } as const;
const DECLINED_ANY = { "en-GB": /declined/, cy: /gwrthodwyd/ } as const;
const REGISTER_NOBODY = { "en-GB": "Nobody has a place on this session, so there is no attendance to record.", cy: "Nid oes gan neb le ar y sesiwn hon, felly nid oes presenoldeb i'w gofnodi." } as const;

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

/** A one-seat session of a new briefing that nobody has booked. */
async function sessionNobodyBooked(name: string) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing for ${name}` });
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "1" })));
  expect(made.status).toBe(302);
  return idFrom(made.headers.get("Location"));
}

/** A two-seat session of a new briefing, the practitioner, the manager and the service manager each booking it through the briefing's page (the last waits). */
async function sessionOfTwoSeats(name: string) {
  const briefing = await createBriefing({ delivery: "session", title: `Briefing for ${name}` });
  const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "briefing", briefing: String(briefing), name, firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "2" })));
  expect(made.status).toBe(302);
  const cohort = idFrom(made.headers.get("Location"));
  for (const who of ["practitioner", "manager", "serviceManager"] as const) {
    const booked = await run(briefingPage.action, await requestAs(who, `${BASE}/${briefing}`, post({ intent: "book", cohort: String(cohort) })), { briefingId: String(briefing) });
    expect(booked.status).toBe(302);
  }
  return cohort;
}

/** Records `who`'s place on the cohort as `status`, as a completion does: nothing on this programme's pages writes one, but the core's enrolments hold them. */
async function recordOutcome(cohort: number, who: DemoAccount, status: "completed" | "not_completed") {
  const done = await db().updateTable("enrolments").set({ status, updated_at: new Date().toISOString() }).where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf(who)).where("status", "=", "enrolled").executeTakeFirst();
  expect(Number(done.numUpdatedRows)).toBe(1);
}

/** The names in the fold beneath the withdrawn sentence, or none when it is not shown. */
const namesWithdrawn = (html: string, locale: Locale) => {
  const fold = html.split(WITHDRAWN_NAMES[locale])[1]?.match(/<ul class="govuk-list">(.*?)<\/ul>/)?.[1] ?? "";
  return [...fold.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
};

/** L&D withdraw `who` from the session through its page. */
async function withdrawByLd(cohort: number, who: DemoAccount) {
  const enrolment = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf(who)).executeTakeFirstOrThrow();
  const done = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(enrolment.id) })), { cohortId: String(cohort) });
  expect(done.status).toBe(302);
}

/** The page's list as L&D get it: its caption, and each person's status by name. */
async function rosterOn(cohort: number, locale: Locale) {
  const address = `${BASE}/sessions/${cohort}`;
  const page = await run(sessionPage.loader, await requestAs("ld", address), { cohortId: String(cohort) });
  const html = decodeHtml(await renderedAt(sessionPage.default, page.data, address, locale));
  const captions = [...html.matchAll(/<caption[^>]*>([^<]*)<\/caption>/g)].map((m) => m[1]);
  const rows = [...html.matchAll(/<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">([^<]*)<\/th><td class="govuk-table__cell">[^<]*<\/td><td class="govuk-table__cell">([^<]*)<\/td>/g)];
  const register = [...html.matchAll(/<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">([^<]*)<\/legend>/g)].map((m) => m[1]);
  return { captions, status: Object.fromEntries(rows.map((m) => [m[1], m[2]])), register, html };
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

describe("who L&D's list of a session leaves out", () => {
  it("lists only those holding or waiting for a place, counts only them in its caption, and says how many it leaves out", async () => {
    const cohort = await sessionWithRequest("Listed without those withdrawn or declined");
    await withdrawByLd(cohort, "serviceManager");
    // Nothing in this programme declines a request (its sessions need no approval), but the core's
    // enrolments can hold one, and the list must not count it as waiting.
    const declined = await personIdOf("asye");
    const now = new Date().toISOString();
    await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: declined, status: "declined", waitlist_position: null, reason: "No budget", decided_by: null, requested_by: declined, override_reason: null, created_at: now, updated_at: now }).execute();
    const listed = { practitioner: await nameOf("practitioner"), manager: await nameOf("manager") };

    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toContain(CAPTION_WAITING_TWO[locale]);
      expect(roster.status).toEqual({ [listed.practitioner]: PLACE[locale], [listed.manager]: WAITING[locale] });
      expect(roster.html).toContain(WITHDRAWN_ONE[locale]);
      expect(roster.html).toContain(DECLINED_ONE[locale]);
    }

    await sessionAt(cohort, new Date(Date.now() - HOUR));
    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toContain(CAPTION_BEGUN_TWO[locale]);
      expect(roster.status).toEqual({ [listed.practitioner]: PLACE[locale], [listed.manager]: NOT_GIVEN[locale] });
      expect(roster.html).toContain(WITHDRAWN_ONE[locale]);
      expect(roster.html).toContain(DECLINED_ONE[locale]);
      // The register is the core's, of the places held, as it was.
      expect(roster.register).toEqual([listed.practitioner]);
    }
  });

  it("with everyone withdrawn says nobody has a place or waits, and how many were withdrawn, with no table", async () => {
    const cohort = (await sessionWithWaitingList("Listed with everyone withdrawn")).cohort;
    await withdrawByLd(cohort, "manager");
    await withdrawByLd(cohort, "practitioner");
    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toEqual([]);
      expect(roster.html).toContain(EMPTY[locale]);
      expect(roster.html).toContain(WITHDRAWN_TWO[locale]);
    }
  });

  it("once the session has begun or ended says nobody has a place and booking has closed, not that nobody has one yet", async () => {
    const cohort = await sessionNobodyBooked("Nobody booked, under way");
    expect((await rosterOn(cohort, "en-GB")).html).toContain(EMPTY["en-GB"]);

    for (const startsAt of [new Date(Date.now() - HOUR), new Date(Date.now() - 3 * HOUR)]) {
      await sessionAt(cohort, startsAt);
      for (const locale of ["en-GB", "cy"] as const) {
        const roster = await rosterOn(cohort, locale);
        expect(roster.captions).toEqual([]);
        expect(roster.html).toContain(EMPTY_BEGUN[locale]);
        expect(roster.html).not.toContain(EMPTY[locale]);
        expect(roster.html).toContain(REGISTER_NOBODY[locale]);
      }
    }
  });
});

describe("who held a place on a session that is over", () => {
  it("lists one who completed it and one who did not as such, counts both as having held a place, and leaves them out of the withdrawn sentence", async () => {
    const cohort = await sessionOfTwoSeats("Listed once over");
    await withdrawByLd(cohort, "serviceManager");
    await sessionAt(cohort, new Date(Date.now() - 3 * HOUR));
    await recordOutcome(cohort, "practitioner", "completed");
    await recordOutcome(cohort, "manager", "not_completed");
    const held = { practitioner: await nameOf("practitioner"), manager: await nameOf("manager") };

    for (const locale of ["en-GB", "cy"] as const) {
      const roster = await rosterOn(cohort, locale);
      expect(roster.captions).toContain(CAPTION_OVER_TWO[locale]);
      expect(roster.status).toEqual({ [held.practitioner]: COMPLETED[locale], [held.manager]: NOT_COMPLETED[locale] });
      // The register is of the places held, so both are on it.
      expect([...roster.register].sort()).toEqual([held.practitioner, held.manager].sort());
      // Only the one withdrawn is counted in the sentence, and neither who held a place is named beneath it; nobody is counted as declined.
      expect(roster.html).toContain(WITHDRAWN_ONE[locale]);
      expect(namesWithdrawn(roster.html, locale).join("\n")).not.toMatch(new RegExp(`${held.practitioner}|${held.manager}`));
      expect(roster.html).not.toMatch(DECLINED_ANY[locale]);
    }
  });
});
