// A learner's own request for a place meets the rule a manager's booking does: a cohort with no
// enrolment window is open by the window alone for ever, but once it has begun a request could only be
// declined (the core refuses an approval from the first day) or, with no approval step, would place the
// learner on sessions already held. The home page offers no button for it and refuses a hand-made post.
import { beforeAll, describe, expect, it } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import { form, withoutLevel5Places } from "./support";

const SYSTEM = { userId: null, personId: null };
const HOME = `/programmes/${PLUGIN_ID}`;
const REFUSED = {
  "en-GB": "This cohort has already begun, so you cannot ask for a place on it: learning and development offer places once a cohort has begun. Choose a cohort that has not begun yet",
  cy: "Mae'r garfan hon wedi dechrau eisoes, felly ni allwch ofyn am le arni: mae dysgu a datblygu yn cynnig lleoedd ar ôl i garfan ddechrau. Dewiswch garfan nad yw wedi dechrau eto",
} as const;

let learner: number;

beforeAll(async () => {
  await seedDemo();
  learner = await personIdOf("manager");
});

/** A cohort with no enrolment window (so always open by the window alone), beginning `startsInDays` from today. */
const cohortWithNoWindow = (name: string, startsInDays: number, requiresManagerApproval: boolean) => {
  const startsOn = addDaysToDate(londonToday(), startsInDays);
  return createCohort(
    { programmeId: PLUGIN_ID, name, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
};

const query = (locale: "en-GB" | "cy") => (locale === "cy" ? "?lng=cy" : "");
const homeData = async (locale: "en-GB" | "cy") => (await run(home.loader, await requestAs("manager", HOME + query(locale)))).data;
const ask = async (cohortId: number, locale: "en-GB" | "cy" = "en-GB") => run(home.action, await requestAs("manager", HOME + query(locale), form({ intent: "request", cohort: String(cohortId) })));
const requestButtonFor = (cohortId: number) => `<input type="hidden" name="cohort" value="${cohortId}"/>`;
const shownRow = (data: unknown, cohortId: number) => (data as { cohorts: { id: number; open: boolean; held: boolean }[] }).cohorts.find((c) => c.id === cohortId);
const storedFor = async (cohortId: number) => ({
  places: await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).where("person_id", "=", learner).execute(),
  events: await db().selectFrom("audit_events").select("id").where("person_id", "=", learner).where("action", "like", "enrolment.%").execute(),
});

describe.each(["en-GB", "cy"] as const)("a cohort with no enrolment window that has begun, in %s", (locale) => {
  it.each([true, false])("offers no request button, and refuses a posted request, storing nothing (approval needed: %s)", async (approval) => {
    const cohortId = await cohortWithNoWindow(`Begun a fortnight ago (${locale}, ${approval})`, -14, approval);
    const before = await storedFor(cohortId);

    const shown = await homeData(locale);
    expect(shownRow(shown, cohortId)).toMatchObject({ open: false, held: false });

    const refused = await ask(cohortId, locale);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: `${PLUGIN_ID}:home.errors.cohortStarted` });
    expect(await storedFor(cohortId)).toEqual(before);
    expect(before.places).toEqual([]);

    const page = (await renderedAfterPost(home.default, shown, refused.data, locale)).replaceAll("&#x27;", "'");
    expect(page).toContain(REFUSED[locale]);
    expect(page).toContain("govuk-error-summary");
    expect(page).not.toContain(requestButtonFor(cohortId));
  });
});

describe("a cohort that begins today", () => {
  it("has begun: no button, and a request is refused", async () => {
    const cohortId = await cohortWithNoWindow("Begins today", 0, false);
    expect(shownRow(await homeData("en-GB"), cohortId)).toMatchObject({ open: false });
    expect((await ask(cohortId)).data).toEqual({ ok: false, error: `${PLUGIN_ID}:home.errors.cohortStarted` });
  });
});

describe("a cohort still to come, with no enrolment window", () => {
  it("offers the button, and takes the request", async () => {
    const cohortId = await cohortWithNoWindow("Begins next month", 30, true);
    // One place a person: the demo's place on Cohort 1 given up first.
    await withoutLevel5Places(learner);
    const shown = await homeData("en-GB");
    expect(shownRow(shown, cohortId)).toMatchObject({ open: true, held: false });
    expect(await renderedAfterPost(home.default, shown, null)).toContain(requestButtonFor(cohortId));

    const asked = await ask(cohortId);
    expect(asked.status).toBe(200);
    expect(asked.data).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.requested` });
    const place = await db().selectFrom("enrolments").select("status").where("cohort_id", "=", cohortId).where("person_id", "=", learner).executeTakeFirstOrThrow();
    expect(place.status).toBe("requested");
  });
});

describe("a begun cohort the learner already holds a place on", () => {
  it("still shows their place, which they can give up", async () => {
    const cohortId = await cohortWithNoWindow("Begun, with the learner on it", -7, false);
    const placed = await requestPlace({ cohortId, personId: learner, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    const shown = (await homeData("en-GB")) as { mine: { id: number; status: string; withdrawable: boolean }[] };
    expect(shown.mine.find((e) => e.id === placed.enrolmentId)).toMatchObject({ status: "enrolled", withdrawable: true });
    expect(shownRow(shown, cohortId)).toMatchObject({ open: false, held: true });
  });
});
