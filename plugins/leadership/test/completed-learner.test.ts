// A learner who has completed Level 5: their /me card shows the completion (the cohort, and the day it was
// recorded when it was) instead of vanishing, and their self-study log is closed: no form, and an entry
// sent anyway is refused, storing nothing.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate, formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as learning from "../routes/learning";
import { leadershipDb } from "../server/progress.server";
import { form, withoutLevel5Places } from "./support";

const SYSTEM = { userId: null, personId: null };
const LEARNING = `/programmes/${PLUGIN_ID}/learning`;

beforeAll(seedDemo);

/** The demo manager's only Level 5 place, on a new cohort, marked completed. */
async function completedPlace(name: string) {
  const learner = await personIdOf("manager");
  await withoutLevel5Places(learner);
  const startsOn = addDaysToDate(londonToday(), -300);
  const cohortId = await createCohort(
    { programmeId: PLUGIN_ID, name, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
  const placed = await requestPlace({ cohortId, personId: learner, actor: SYSTEM, direct: true });
  if (!placed.ok) throw new Error(placed.error);
  await db().updateTable("enrolments").set({ status: "completed" }).where("id", "=", placed.enrolmentId).execute();
  return placed.enrolmentId;
}

const card = async (lng = "") =>
  ((await run(me.loader, await requestAs("manager", `/me${lng}`))).data as { widgets: { id: string; body?: string; rows?: unknown[] }[] }).widgets.find((w) => w.id === "leadership-learner");

describe("a completed learner's card on /me", () => {
  it("says which cohort they completed, without a date when none was recorded", async () => {
    await completedPlace("Completed, marked by hand");
    expect((await card())?.body).toBe("You completed Level 5 on Completed, marked by hand.");
  });

  it("adds the day the completion was recorded, in English and Welsh", async () => {
    const enrolmentId = await completedPlace("Completed, recorded");
    await leadershipDb().insertInto("leadership_completions").values({ enrolment_id: enrolmentId, completed_on: "2026-03-02", ilm_registration: "ILM-OPB-1", certificate_number: "CERT-OPB-1", recorded_by: null }).execute();
    expect((await card())?.body).toBe(`You completed Level 5 on Completed, recorded. Your completion was recorded on ${formatDate("2026-03-02", "en-GB")}.`);
    expect((await card("?lng=cy"))?.body?.replaceAll("&#x27;", "'")).toBe(`Fe wnaethoch chi gwblhau Lefel 5 ar Completed, recorded. Cofnodwyd eich bod wedi cwblhau ar ${formatDate("2026-03-02", "cy")}.`);
  });
});

describe("a completed learner's self-study", () => {
  it("offers no form, and refuses an entry sent anyway, storing nothing", async () => {
    const enrolmentId = await completedPlace("Completed, log closed");
    await leadershipDb().insertInto("leadership_guided_learning").values({ enrolment_id: enrolmentId, occurred_on: "2026-01-05", activity: "Portfolio", minutes: 60, reflection: null, confirmed_by: null, confirmed_at: null, created_at: new Date().toISOString() }).execute();
    const page = (await run(learning.loader, await requestAs("manager", LEARNING))).data;
    expect((page as { place: { completed: boolean } }).place.completed).toBe(true);
    const shown = await renderedAfterPost(learning.default, page, null);
    expect(shown).toContain("You completed Level 5 on Completed, log closed, so your self-study log is closed");
    expect(shown).toContain("Portfolio");
    expect(shown).not.toContain('name="activity"');

    const refused = await run(learning.action, await requestAs("manager", LEARNING, form({ occurredOn: londonToday(), activity: "After the end", hours: "1" })));

    expect(refused.status).toBe(400);
    expect((refused.data as { error: Record<string, string[]> }).error).toEqual({ "": ["learning.errors.completed"] });
    const entries = await leadershipDb().selectFrom("leadership_guided_learning").select("activity").where("enrolment_id", "=", enrolmentId).execute();
    expect(entries).toEqual([{ activity: "Portfolio" }]);
    const cy = (await renderedAfterPost(learning.default, page, refused.data, "cy")).replaceAll("&#x27;", "'");
    expect(cy).toContain("Rydych chi wedi cwblhau Lefel 5, felly mae eich cofnod hunan-astudio ar gau");
  });
});
