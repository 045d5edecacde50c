// A place given up once a Level 5 cohort has begun does not go to the waiting list by itself: the next
// person would join sessions already taught. L&D see the free place on the cohort's page and offer it.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as home from "../routes/index";
import * as cohortPage from "../routes/cohorts.$cohortId";
import { form, fullCohort, peopleNamed } from "./support";

beforeAll(seedDemo);

const statusOf = async (enrolmentId: number) => db().selectFrom("enrolments").select(["status", "waitlist_position"]).where("id", "=", enrolmentId).executeTakeFirstOrThrow();

describe("a place given up once a cohort has begun", () => {
  it("stays free, shown to L&D, who offer it to the first person waiting; the next moves up", async () => {
    const [holder, other, first, second] = await peopleNamed("BEGUN", 4);
    const { cohortId, places } = await fullCohort("Begun a week ago", -7, [holder, other], [first, second]);
    const path = `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;
    const params = { cohortId: String(cohortId) };

    const withdrawn = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "withdraw", enrolment: String(places.get(holder)) })), params);
    expect(withdrawn.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAfterStart` });
    expect(await statusOf(places.get(first)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const shown = (await run(cohortPage.loader, await requestAs("ld", path), params)).data as { placesToOffer: number };
    expect(shown.placesToOffer).toBe(1);

    const offered = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "offer" })), params);
    expect(offered.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.offered`, count: 1 });
    expect(fixedT("en-GB", PLUGIN_ID)(`${PLUGIN_ID}:cohort.offered`, { count: 1 })).toBe("1 person on the waiting list has been given a place, and told on their home page.");
    expect(await statusOf(places.get(first)!)).toEqual({ status: "enrolled", waitlist_position: null });
    expect(await statusOf(places.get(second)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
    const notices = await db().selectFrom("notices").select("message_key").where("person_id", "=", first).execute();
    expect(notices.map((n) => n.message_key)).toEqual(["notices.promoted"]);
    const promotion = await db().selectFrom("audit_events").select("actor_person_id").where("action", "=", "enrolment.promoted_from_waiting_list").where("person_id", "=", first).executeTakeFirstOrThrow();
    expect(promotion.actor_person_id).toBe(await personIdOf("ld"));
    expect(((await run(cohortPage.loader, await requestAs("ld", path), params)).data as { placesToOffer: number }).placesToOffer).toBe(0);

    // A second click, or a colleague's, finds nothing left to offer, and says so.
    const again = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "offer" })), params);
    expect(again.status).toBe(409);
    expect(again.data).toEqual({ ok: false, error: `${PLUGIN_ID}:cohort.errors.nothingToOffer` });
    expect(await statusOf(places.get(second)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  });

  it("is not offered once the cohort is over, and an offer posted then gives nobody a place", async () => {
    const [holder, other, first] = await peopleNamed("OVER", 3);
    // Two fortnightly sessions from 100 days ago: both have ended, though `ends_on` is months away.
    const { cohortId, places } = await fullCohort("Over, someone still waiting", -100, [holder, other], [first]);
    const path = `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;
    const params = { cohortId: String(cohortId) };
    await run(cohortPage.action, await requestAs("ld", path, form({ intent: "withdraw", enrolment: String(places.get(holder)) })), params);

    expect(((await run(cohortPage.loader, await requestAs("ld", path), params)).data as { placesToOffer: number }).placesToOffer).toBe(0);
    const offered = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "offer" })), params);
    expect(offered.status).toBe(409);
    expect(offered.data).toEqual({ ok: false, error: `${PLUGIN_ID}:cohort.errors.nothingToOffer` });
    expect(await statusOf(places.get(first)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  });

  it("given up by the learner on the programme's home page, does not go to the waiting list either", async () => {
    const learner = await personIdOf("manager");
    const [other, first] = await peopleNamed("BEGUNHOME", 2);
    const { places } = await fullCohort("Begun, left by the learner", -1, [learner, other], [first]);
    const withdrawn = await run(home.action, await requestAs("manager", `/programmes/${PLUGIN_ID}`, form({ intent: "withdraw", enrolment: String(places.get(learner)) })));
    expect(withdrawn.data).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.withdrawn` });
    expect(await statusOf(places.get(learner)!)).toMatchObject({ status: "withdrawn" });
    expect(await statusOf(places.get(first)!)).toEqual({ status: "waitlisted", waitlist_position: 1 });
  });

  it("before the cohort begins, goes to the first person waiting at once, from either page", async () => {
    const [holder, other, first, second] = await peopleNamed("NOTYET", 4);
    const { cohortId, places } = await fullCohort("Begins tomorrow", 1, [holder, other], [first, second]);
    const path = `/programmes/${PLUGIN_ID}/cohorts/${cohortId}`;
    const withdrawn = await run(cohortPage.action, await requestAs("ld", path, form({ intent: "withdraw", enrolment: String(places.get(holder)) })), { cohortId: String(cohortId) });
    expect(withdrawn.data).toEqual({ ok: true, message: `${PLUGIN_ID}:cohort.withdrawnAndPromoted` });
    expect(await statusOf(places.get(first)!)).toEqual({ status: "enrolled", waitlist_position: null });
    expect(((await run(cohortPage.loader, await requestAs("ld", path), { cohortId: String(cohortId) })).data as { placesToOffer: number }).placesToOffer).toBe(0);
  });
});
