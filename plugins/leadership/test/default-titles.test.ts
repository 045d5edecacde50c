// The default session topics and unit titles are stored in English; a Welsh reader sees them in Welsh on the
// /me card, their Level 5 home and a unit's notice, while a title L&D have reworded is shown as typed.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import cy from "../locales/cy.json";
import { DEFAULT_TOPICS, DEFAULT_UNITS } from "../programme";
import * as home from "../routes/index";
import { learnerOnCohortOne } from "./support";

type MePage = { widgets: { id: string; rows?: { label: string; value: string }[] }[]; notices: { text: string }[] };
const SYSTEM = { userId: null, personId: null };
const WELSH = { headers: { "Accept-Language": "cy" } };

beforeAll(seedDemo);

/** The page as the demo manager reads it, in English or in Welsh. */
async function asManager<T>(loader: typeof me.loader | typeof home.loader, path: string, welsh = false) {
  return (await run(loader, await requestAs("manager", welsh ? `${path}?lng=cy` : path, welsh ? WELSH : {}))).data as T;
}

describe("the next session on the /me card", () => {
  it("names a default topic in the reader's language, and a reworded one as typed", async () => {
    // A cohort named as the Level 5 new-cohort form names it: its sessions take the default topics.
    const startsOn = addDaysToDate(londonToday(), 30);
    const cohortId = await createCohort(
      { programmeId: "leadership", name: "Cohort in Welsh", startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60, titles: [...DEFAULT_TOPICS] },
      SYSTEM,
    );
    // One Level 5 place a person: the manager's own is set aside while they hold this one, then given back.
    const manager = await personIdOf("manager");
    const held = await db().selectFrom("enrolments").innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id").select(["enrolments.id", "enrolments.status"]).where("person_id", "=", manager).where("programme_id", "=", "leadership").execute();
    await db().updateTable("enrolments").set({ status: "withdrawn" }).where("id", "in", held.map((e) => e.id)).execute();
    const placed = await requestPlace({ cohortId, personId: manager, actor: SYSTEM, direct: true });
    expect(placed.ok).toBe(true);
    const nextSession = async (welsh: boolean) => (await asManager<MePage>(me.loader, "/me", welsh)).widgets.find((w) => w.id === "leadership-learner")!.rows![1].value;

    expect(await nextSession(false)).toMatch(/: Leadership and management in children's social care$/);
    expect(await nextSession(true)).toMatch(new RegExp(`: ${cy.defaultTitles.topics["1"]}$`));
    expect(cy.defaultTitles.topics["1"]).not.toBe(DEFAULT_TOPICS[0]);

    await db().updateTable("cohort_sessions").set({ title: "Sesiwn gyda'r Cyfarwyddwr" }).where("cohort_id", "=", cohortId).execute();
    expect(await nextSession(true)).toMatch(/: Sesiwn gyda'r Cyfarwyddwr$/);

    await db().updateTable("enrolments").set({ status: "withdrawn" }).where("cohort_id", "=", cohortId).execute();
    for (const place of held) await db().updateTable("enrolments").set({ status: place.status }).where("id", "=", place.id).execute();
  });
});

describe("a unit's title", () => {
  it("is in the reader's language on their home page and in the unit's notice", async () => {
    const learner = await learnerOnCohortOne();
    expect(learner.enrolment.person_id).toBe(await personIdOf("manager"));
    const unit = learner.units[0];
    expect(unit.title).toBe(DEFAULT_UNITS[0]);
    expect((await learner.post({ intent: "unit", unit: String(unit.id), submittedOn: "2026-10-01", result: "refer", feedback: "More on the risks." })).status).toBe(200);

    const unitOnHome = async (welsh: boolean) => (await asManager<{ units: { id: number; title: string }[] }>(home.loader, "/programmes/leadership", welsh)).units.find((u) => u.id === unit.id)!.title;
    expect(await unitOnHome(false)).toBe("Leading and developing people");
    expect(await unitOnHome(true)).toBe(cy.defaultTitles.units["1"]);

    const notices = async (welsh: boolean) => (await asManager<MePage>(me.loader, "/me", welsh)).notices.map((n) => n.text);
    expect(await notices(false)).toContain("The unit Leading and developing people has been referred: read your assessor's feedback.");
    expect(await notices(true)).toContain(`Mae'r uned ${cy.defaultTitles.units["1"]} wedi'i chyfeirio'n ôl: darllenwch adborth eich asesydd.`);
  });
});
