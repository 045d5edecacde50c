// The success banner a page shows after a save (`?saved=…`) is said once, on the rollout, briefing, Signs of
// Safety, session and new starters pages as on an audit's: the page's forms post back to its address less the
// confirmation, and a refused post is shown with its error and no banner. Through the real actions and
// loaders on a migrated, seeded database, and each page as rendered at the address a save redirected to.
// Before, the forms posted back to that address, so a refused post was shown under the last save's banner.
import type { ComponentType } from "react";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml } from "../../../tests/support/html-forms";
import { run } from "../../../tests/support/route";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import * as inductionTeam from "../routes/induction.team";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { sessionWithWaitingList } from "./one-seat-session";
import { renderedAt } from "./rendered-at";
import { createRollout } from "./rollout-fixtures";

const BASE = "/programmes/practice-development";

/** A page with forms: a route, what its loader and action are called with, and who uses it. */
type Handler = Parameters<typeof run>[0];
type Page = { route: { loader: Handler; action: Handler; default: ComponentType }; path: string; params: Record<string, string>; who: DemoAccount };

/** The `action` of each form on the page that posts: undefined where a form leaves it to the address. */
const postActions = (html: string) => [...html.matchAll(/<form [^>]*>/g)].map((m) => m[0]).filter((tag) => tag.includes('method="post"')).map((tag) => /action="([^"]*)"/.exec(tag)?.[1]);

beforeAll(async () => {
  await seedDemo();
});

/** Posts `fields` to `address` on `page`: what its action answered. */
async function postTo(page: Page, address: string, fields: Record<string, string | string[]>) {
  return run(page.route.action, await requestAs(page.who, address, post(fields)), page.params);
}

/** Saves `fields` through the page's action: the address its redirect leads to, with a confirmation. */
async function savedAt(page: Page, fields: Record<string, string | string[]>) {
  const saved = await postTo(page, page.path, fields);
  expect(saved.status, JSON.stringify(saved.data)).toBe(302);
  return saved.headers.get("Location")!;
}

/** The page as `page.who` is shown it at `address`; with `refused`, after a post there that its action refused. */
async function shownAt(page: Page, address: string, refused?: unknown) {
  const loaded = await run(page.route.loader, await requestAs(page.who, address), page.params);
  return decodeHtml(await renderedAt(page.route.default, loaded.data, address, "en-GB", refused));
}

/** At `address` (a save's redirect), the banner shows and the forms leave it out; `refusing` posted there is shown without it. */
async function expectRefusalWithoutBanner(page: Page, address: string, refusing: Record<string, string | string[]>) {
  expect(address).toContain(`${page.path}?saved=`);
  const shown = await shownAt(page, address);
  expect(shown).toContain("govuk-notification-banner--success");
  const forms = postActions(shown);
  expect(forms.length).toBeGreaterThan(0);
  // Each form posts back to the page, less the confirmation.
  expect(forms).toEqual(forms.map(() => page.path));

  const refused = await postTo(page, address, refusing);
  expect(refused.status).toBeGreaterThanOrEqual(400);
  const html = await shownAt(page, address, refused.data);
  expect(html).toContain("There is a problem");
  expect(html).not.toContain("govuk-notification-banner--success");
  expect(postActions(html)).toEqual(forms);
}

describe("a refused post after a save", () => {
  it("on a rollout's page shows its error without the banner saying the rollout was closed", async () => {
    const rollout = await createRollout(await createBriefing({ title: "Rollout closed, then a refused post" }));
    const page: Page = { route: rolloutPage, path: `${BASE}/rollouts/${rollout}`, params: { rolloutId: String(rollout) }, who: "ld" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { intent: "close" }), { intent: "neither" });
  });

  it("on a briefing's page shows a refused confirmation without the banner saying the briefing was created", async () => {
    const made = await run(newBriefing.action, await requestAs("ld", `${BASE}/briefings/new`, post({ title: "Briefing created, then a refused confirmation", summary: "What to know", linkUrl: "https://intranet.example.org/b", delivery: "read" })));
    expect(made.status).toBe(302);
    const address = made.headers.get("Location")!;
    const briefing = idFrom(address);
    const page: Page = { route: briefingPage, path: `${BASE}/briefings/${briefing}`, params: { briefingId: String(briefing) }, who: "ld" };
    // A version the briefing never had is refused.
    await expectRefusalWithoutBanner(page, address, { intent: "confirm", version: "999" });
  });

  it("on a briefing's page shows a refused booking without the banner saying the last booking was made", async () => {
    const { briefing, cohort } = await sessionWithWaitingList("Booked, then a refused booking");
    const page: Page = { route: briefingPage, path: `${BASE}/briefings/${briefing}`, params: { briefingId: String(briefing) }, who: "serviceManager" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { intent: "book", cohort: String(cohort) }), { intent: "book", cohort: "0" });
  });

  it("on the Signs of Safety page shows a refused booking without the banner saying the last booking was made", async () => {
    const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ kind: "sos_intro", name: "Introduction, booked then refused", firstDate: inDays(15), time: "10:00", durationMinutes: "90", days: "1", capacity: "5" })));
    expect(made.status).toBe(302);
    const cohort = idFrom(made.headers.get("Location"));
    const page: Page = { route: sos, path: `${BASE}/briefings/signs-of-safety`, params: {}, who: "practitioner" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { intent: "book", cohort: String(cohort) }), { intent: "book", cohort: "0" });
  });

  it("on a session's page shows a refused withdrawal without the banner saying the last one was made", async () => {
    const { cohort } = await sessionWithWaitingList("Withdrawn, then a refused withdrawal");
    const waiting = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohort).where("person_id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
    const page: Page = { route: sessionPage, path: `${BASE}/briefings/sessions/${cohort}`, params: { cohortId: String(cohort) }, who: "ld" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { intent: "withdraw", enrolment: String(waiting.id) }), { intent: "withdraw", enrolment: "0" });
  });

  it("on a session's page shows a refused register without the banner saying the last register was saved", async () => {
    const made = await run(newSession.action, await requestAs("ld", `${BASE}/briefings/sessions/new`, post({ kind: "sos_intro", name: "Register saved, then refused", firstDate: inDays(-1), time: "10:00", durationMinutes: "90", days: "1", capacity: "5" })));
    expect(made.status).toBe(302);
    const cohort = idFrom(made.headers.get("Location"));
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort).executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const [place] = await db().insertInto("enrolments").values({ cohort_id: cohort, person_id: await personIdOf("practitioner"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
    const page: Page = { route: sessionPage, path: `${BASE}/briefings/sessions/${cohort}`, params: { cohortId: String(cohort) }, who: "ld" };
    const marks = { shown: String(place.id), [`shown-${place.id}`]: "", [`mark-${place.id}`]: "present" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { session: String(session.id), ...marks }), { session: "0", ...marks });
  });

  it("on the new starters page shows a refused setting without the banner saying the last one was saved", async () => {
    const page: Page = { route: inductionTeam, path: `${BASE}/induction/team`, params: {}, who: "ld" };
    await expectRefusalWithoutBanner(page, await savedAt(page, { days: "90" }), { days: "not a number" });
  });
});
