// What a person is told after giving up what they held on a session from their own page (a briefing's, or
// Signs of Safety's), through the real action, its redirect and the real loader at that address, on a
// migrated, seeded database, in English and Welsh: their place cancelled, the waiting list left, or their
// request withdrawn. The redirect names one of a fixed set (`?saved=cancelled&outcome=`), and the page reads
// back only those. Before, every one was told "Your booking has been cancelled", though someone waiting or
// asking held no booking.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { decodeHtml } from "../../../tests/support/html-forms";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import { idFrom, inDays, post } from "./briefing-requests";
import { sessionWithWaitingList, standing } from "./one-seat-session";
import { renderedAt } from "./rendered-at";

const BASE = "/programmes/practice-development/briefings";

const SAID = {
  place: { "en-GB": "Your place has been cancelled.", cy: "Mae eich lle wedi'i ganslo." },
  waiting: { "en-GB": "You have left the waiting list.", cy: "Rydych wedi gadael y rhestr aros." },
  request: { "en-GB": "Your request for a place has been withdrawn.", cy: "Mae eich cais am le wedi'i dynnu'n ôl." },
  /** An address naming nothing it knows (typed, or cut short): true whatever was given up, and nothing it cannot know. */
  unknown: { "en-GB": "You no longer have a place on that session, nor wait for one.", cy: "Nid oes gennych le ar y sesiwn honno mwyach, ac nid ydych yn aros am un." },
} as const;

beforeAll(async () => {
  await seedDemo();
});

/** A page a person gives up their enrolment on: where it is, its route, and what its loader is called with. */
type OwnPage = { address: string; route: typeof briefingPage | typeof sos; params: Record<string, string> };

/** A request for a place by `who`, as the core keeps one (nothing here makes one: no session needs approval). */
async function requestBy(cohort: number, who: DemoAccount) {
  const asking = await personIdOf(who);
  const now = new Date().toISOString();
  await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: asking, status: "requested", waitlist_position: null, reason: null, decided_by: null, requested_by: asking, override_reason: null, created_at: now, updated_at: now }).execute();
}

/** `who` gives up what they hold on the cohort from the page: the redirect's address. */
async function giveUp(page: OwnPage, who: DemoAccount, cohort: number) {
  const done = await run(page.route.action, await requestAs(who, page.address, post({ intent: "cancel", cohort: String(cohort) })), page.params);
  expect(done.status).toBe(302);
  return done.headers.get("Location")!;
}

/** The confirmation the page shows `who` at `address` (where the redirect led), as the real loader answers there. */
async function confirmationAt(page: OwnPage, who: DemoAccount, address: string, locale: Locale) {
  const loaded = await run(page.route.loader, await requestAs(who, address), page.params);
  const html = await renderedAt(page.route.default, loaded.data, address, locale);
  const banners = [...html.matchAll(/<p class="govuk-notification-banner__heading">([^<]*)<\/p>/g)].map((m) => decodeHtml(m[1]));
  expect(banners).toHaveLength(1);
  return banners[0];
}

async function expectConfirmation(page: OwnPage, who: DemoAccount, address: string, said: keyof typeof SAID) {
  for (const locale of ["en-GB", "cy"] as const) expect(await confirmationAt(page, who, address, locale)).toBe(SAID[said][locale]);
}

/** Leaves the waiting list, withdraws a request and cancels a place on `cohort` from `page`, checking each confirmation. */
async function expectEachWorded(page: OwnPage, cohort: number) {
  const leaving = await giveUp(page, "manager", cohort);
  expect(leaving).toBe(`${page.address}?saved=cancelled&outcome=waiting`);
  expect(await standing(cohort)).toEqual({ practitioner: "enrolled", manager: "withdrawn" });
  await expectConfirmation(page, "manager", leaving, "waiting");

  await requestBy(cohort, "serviceManager");
  const withdrawing = await giveUp(page, "serviceManager", cohort);
  expect(withdrawing).toBe(`${page.address}?saved=cancelled&outcome=request`);
  await expectConfirmation(page, "serviceManager", withdrawing, "request");

  const cancelling = await giveUp(page, "practitioner", cohort);
  expect(cancelling).toBe(`${page.address}?saved=cancelled&outcome=place`);
  expect(await standing(cohort)).toEqual({ practitioner: "withdrawn", manager: "withdrawn" });
  await expectConfirmation(page, "practitioner", cancelling, "place");
}

describe("the confirmation after a person gives up what they held on a session", () => {
  it("on a briefing's page says whether they left the waiting list, withdrew a request or cancelled their place", async () => {
    const { briefing, cohort } = await sessionWithWaitingList("Given up from the briefing's page");
    await expectEachWorded({ address: `${BASE}/${briefing}`, route: briefingPage, params: { briefingId: String(briefing) } }, cohort);
  });

  it("on the Signs of Safety page says the same", async () => {
    const made = await run(newSession.action, await requestAs("ld", `${BASE}/sessions/new`, post({ kind: "sos_intro", name: "Introduction, given up", firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "1" })));
    expect(made.status).toBe(302);
    const cohort = idFrom(made.headers.get("Location"));
    const page: OwnPage = { address: `${BASE}/signs-of-safety`, route: sos, params: {} };
    for (const who of ["practitioner", "manager"] as const) expect((await run(sos.action, await requestAs(who, page.address, post({ intent: "book", cohort: String(cohort) })))).status).toBe(302);
    await expectEachWorded(page, cohort);
  });

  it("says only what is true of all three when the address names nothing it knows, never what the address says", async () => {
    const { briefing } = await sessionWithWaitingList("Given up, address changed");
    const pages: OwnPage[] = [
      { address: `${BASE}/${briefing}`, route: briefingPage, params: { briefingId: String(briefing) } },
      { address: `${BASE}/signs-of-safety`, route: sos, params: {} },
    ];
    for (const page of pages) {
      for (const query of ["?saved=cancelled", "?saved=cancelled&outcome=toString", `?saved=cancelled&outcome=${encodeURIComponent("<b>place</b>")}`, "?saved=cancelled&outcome=given"]) {
        await expectConfirmation(page, "practitioner", `${page.address}${query}`, "unknown");
      }
    }
  });
});
