// What the session's page tells L&D after they withdraw someone, through the real action, its redirect and
// the real loader at that address, on a migrated, seeded database, in English and Welsh. The confirmation
// says what happened to the place: taken by the first person waiting; free to book, nobody having waited;
// left empty once the first date has begun or while every date is cancelled; or that what was withdrawn
// was a spot on the waiting list or a request, which held no place. The redirect names one of a fixed set
// of outcomes, and the page reads back only those. Before, every withdrawal said "If they had a place, the
// first person on the waiting list now has it", though after the start nobody is given it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import { post } from "./briefing-requests";
import { sessionWithWaitingList, standing } from "./one-seat-session";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";
const HOUR = 3_600_000;

const SAID = {
  given: {
    "en-GB": "The person has been withdrawn. Their place has gone to the first person on the waiting list, who has been told.",
    cy: "Mae'r unigolyn wedi'i dynnu'n ôl. Mae ei le wedi mynd i'r unigolyn cyntaf ar y rhestr aros, ac mae wedi cael gwybod.",
  },
  free: {
    "en-GB": "The person has been withdrawn. Nobody was on the waiting list, so their place is free for someone to book.",
    cy: "Mae'r unigolyn wedi'i dynnu'n ôl. Nid oedd neb ar y rhestr aros, felly mae ei le ar gael i rywun ei archebu.",
  },
  closed: {
    "en-GB": "The person has been withdrawn. Booking for this session is not open, so nobody can book their place now.",
    cy: "Mae'r unigolyn wedi'i dynnu'n ôl. Nid yw archebu ar agor ar gyfer y sesiwn hon, felly ni all neb archebu ei le ar hyn o bryd.",
  },
  begun: {
    "en-GB": "The person has been withdrawn. The session has begun, so their place is not offered to anyone: it stays empty.",
    cy: "Mae'r unigolyn wedi'i dynnu'n ôl. Mae'r sesiwn wedi dechrau, felly ni chynigir ei le i neb: bydd yn aros yn wag.",
  },
  noDates: {
    "en-GB": "The person has been withdrawn. Every date is cancelled, so their place is not offered to anyone.",
    cy: "Mae'r unigolyn wedi'i dynnu'n ôl. Mae pob dyddiad wedi'i ganslo, felly ni chynigir ei le i neb.",
  },
  waiting: { "en-GB": "The person has been taken off the waiting list.", cy: "Mae'r unigolyn wedi'i dynnu oddi ar y rhestr aros." },
  request: { "en-GB": "The person's request for a place has been withdrawn.", cy: "Mae cais yr unigolyn am le wedi'i dynnu'n ôl." },
  /** An address naming no outcome (typed, or cut short): that they were withdrawn, and nothing it cannot know. */
  unknown: { "en-GB": "The person has been withdrawn.", cy: "Mae'r unigolyn wedi'i dynnu'n ôl." },
} as const;

beforeAll(async () => {
  await seedDemo();
});

/** Moves the cohort's one session to begin at `startsAt`, for an hour and a half. */
const sessionAt = (cohort: number, startsAt: Date) =>
  db().updateTable("cohort_sessions").set({ starts_at: startsAt.toISOString(), ends_at: new Date(startsAt.getTime() + 1.5 * HOUR).toISOString() }).where("cohort_id", "=", cohort).execute();

/** L&D withdraw the enrolment from the session's page: the redirect's address. */
async function withdrawByLd(cohort: number, enrolment: number) {
  const done = await run(sessionPage.action, await requestAs("ld", `${BASE}/sessions/${cohort}`, post({ intent: "withdraw", enrolment: String(enrolment) })), { cohortId: String(cohort) });
  expect(done.status).toBe(302);
  return done.headers.get("Location")!;
}

const enrolmentOf = async (cohort: number, personId: number) => (await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", personId).executeTakeFirstOrThrow()).id;

/** The confirmation the page shows at `address` (where the redirect led), as the real loader answers there. */
async function confirmationAt(cohort: number, address: string, locale: Locale) {
  const page = await run(sessionPage.loader, await requestAs("ld", address), { cohortId: String(cohort) });
  const html = await renderedAt(sessionPage.default, page.data, address, locale);
  const banners = [...html.matchAll(/<p class="govuk-notification-banner__heading">([^<]*)<\/p>/g)].map((m) => decodeHtml(m[1]));
  expect(banners).toHaveLength(1);
  return banners[0];
}

async function expectConfirmation(cohort: number, address: string, said: keyof typeof SAID) {
  for (const locale of ["en-GB", "cy"] as const) expect(await confirmationAt(cohort, address, locale)).toBe(SAID[said][locale]);
}

describe("the confirmation after L&D withdraw someone", () => {
  it("says the first person waiting has the place when one is withdrawn before the session begins", async () => {
    const { cohort, place } = await sessionWithWaitingList("Confirmed, place given");
    const address = await withdrawByLd(cohort, place);

    expect(address).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=given`);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "enrolled" });
    await expectConfirmation(cohort, address, "given");
  });

  it("says the person is off the waiting list for a spot on it, and that a place is free to book when nobody waits for it", async () => {
    const { cohort, place } = await sessionWithWaitingList("Confirmed, waiting then free");
    const waiting = await withdrawByLd(cohort, await enrolmentOf(cohort, await personIdOf("manager")));
    expect(waiting).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=waiting`);
    await expectConfirmation(cohort, waiting, "waiting");

    const free = await withdrawByLd(cohort, place);
    expect(free).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=free`);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "withdrawn" });
    await expectConfirmation(cohort, free, "free");
  });

  it("does not call a place free to book when the session's booking has closed before its first date", async () => {
    // Booking closes on the first date's day (`enrolment_closes_on`): with that date cancelled, a later one
    // is still to come, but nobody can book the place freed.
    const { cohort, place } = await sessionWithWaitingList("Confirmed, booking closed");
    await withdrawByLd(cohort, await enrolmentOf(cohort, await personIdOf("manager")));
    await db().updateTable("cohorts").set({ enrolment_closes_on: "2020-01-01" }).where("id", "=", cohort).execute();
    const address = await withdrawByLd(cohort, place);

    expect(address).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=closed`);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "withdrawn" });
    await expectConfirmation(cohort, address, "closed");
  });

  it("says the place is left empty when it is withdrawn once the session has begun, the first person waiting still waiting", async () => {
    const { cohort, place } = await sessionWithWaitingList("Confirmed, under way");
    await sessionAt(cohort, new Date(Date.now() - HOUR));
    const address = await withdrawByLd(cohort, place);

    expect(address).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=begun`);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });
    await expectConfirmation(cohort, address, "begun");
  });

  it("says the place is offered to nobody when every date is cancelled", async () => {
    const { cohort, place } = await sessionWithWaitingList("Confirmed, every date cancelled");
    await db().updateTable("cohort_sessions").set({ status: "cancelled" }).where("cohort_id", "=", cohort).execute();
    const address = await withdrawByLd(cohort, place);

    expect(address).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=noDates`);
    expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "waitlisted" });
    await expectConfirmation(cohort, address, "noDates");
  });

  it("says a request was withdrawn, which held no place", async () => {
    const { cohort } = await sessionWithWaitingList("Confirmed, request");
    const asking = await personIdOf("serviceManager");
    const now = new Date().toISOString();
    const [request] = await db()
      .insertInto("enrolments")
      .values({ cohort_id: cohort, person_id: asking, status: "requested", waitlist_position: null, reason: null, decided_by: null, requested_by: asking, override_reason: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    const address = await withdrawByLd(cohort, request.id);

    expect(address).toBe(`${BASE}/sessions/${cohort}?saved=withdrawn&outcome=request`);
    expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "waitlisted" });
    await expectConfirmation(cohort, address, "request");
  });

  it("says only that they were withdrawn when the address names no outcome it knows, never what the address says", async () => {
    const { cohort } = await sessionWithWaitingList("Confirmed, address changed");
    for (const query of ["?saved=withdrawn", "?saved=withdrawn&outcome=toString", `?saved=withdrawn&outcome=${encodeURIComponent("<b>given</b>")}`, "?saved=withdrawn&outcome="]) {
      await expectConfirmation(cohort, `${BASE}/sessions/${cohort}${query}`, "unknown");
    }
  });
});
