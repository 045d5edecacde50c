// Someone on two apprenticeship intakes (moved to a new one while the old one's place is still held): what
// they see of their own apprenticeship, on /me and their apprenticeship page, and what L&D see on the page
// about them, is the intake they are on now, the one that started most recently.
import { beforeAll, describe, expect, it } from "vitest";
import * as me from "../../../app/routes/me._index";
import { startSession } from "../../../app/utils/auth.server";
import { addDaysToDate as plusDays, formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { DEMO_EMAILS, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import * as apprenticePage from "../routes/apprentices.$personId";
import * as home from "../routes/index";
import { addMonths } from "../server/ledger.server";

const today = londonToday();

beforeAll(seedDemo);

/** An apprenticeship cohort that started this many months ago (0: today). */
async function intakeStarted(name: string, monthsAgo: number) {
  const stamp = new Date().toISOString();
  const startsOn = addMonths(today, -monthsAgo);
  const [cohort] = await db()
    .insertInto("cohorts")
    .values({ programme_id: PLUGIN_ID, name, starts_on: startsOn, ends_on: addMonths(startsOn, 36), capacity: 5, enrolment_opens_on: null, enrolment_closes_on: null, venue: "University of the Midlands", online_url: null, requires_manager_approval: 0, created_at: stamp, updated_at: stamp })
    .returning("id")
    .execute();
  return cohort.id;
}

async function enrol(cohortId: number, personId: number) {
  const stamp = new Date().toISOString();
  await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id: personId, status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: stamp, updated_at: stamp }).execute();
}

/** A request to this path from this person, signed in as a practitioner (once per person: one user each). */
async function requestFrom(personId: number, path: string) {
  const { email } = await db().selectFrom("people").select("email").where("id", "=", personId).executeTakeFirstOrThrow();
  const [user] = await db().insertInto("users").values({ person_id: personId, email, password_hash: "not-used", created_at: new Date().toISOString() }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "practitioner" }).execute();
  const cookie = (await startSession(user.id)).split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { Cookie: cookie } });
}

const meAs = (personId: number, query = "") => requestFrom(personId, `/me${query}`);

/** Someone in the demo manager's team, enrolled on an intake two and a half years old and on one starting today. */
async function onTwoIntakes(employeeNumber: string, given: string, email: string) {
  const { team_id: teamId } = await db().selectFrom("people").select("team_id").where("email", "=", DEMO_EMAILS.manager).executeTakeFirstOrThrow();
  const [person] = await db().insertInto("people").values(newPerson({ employee_number: employeeNumber, given_name: given, family_name: "Twice", email, team_id: teamId }, { role_category: "social_care_officer" })).returning("id").execute();
  // The old intake first, so it is the first row read: two and a half years in, with no hours or review.
  await enrol(await intakeStarted(`Old intake for ${given}`, 30), person.id);
  await enrol(await intakeStarted(`New intake for ${given}`, 0), person.id);
  return person.id;
}

type Card = { id: string; rows?: { label: string; value: string }[] };

describe("the /me card of someone on an old intake and a new one", () => {
  it("shows the intake that started most recently: on track, with its first review due", async () => {
    const person = { id: await onTwoIntakes("TWO1", "Tegan", "tegan@two-intakes.test") };
    const firstReview = formatDate(plusDays(today, DEFAULT_SETTINGS.reviewWeeks * 7), "en-GB");
    const card = ((await run(me.loader, await meAs(person.id))).data as { widgets: Card[] }).widgets.find((w) => w.id === "apprenticeship-me");
    expect(card?.rows).toEqual([
      { label: "Off-the-job hours", value: "On track: 0 of 0 hours" },
      { label: "Next review", value: expect.stringContaining(firstReview) },
    ]);
  });
});

type OwnPage = { apprentice: { cohort: string; behind: boolean; reviewOverdue: boolean } | null };
type ApprenticePage = { cohort: string; otj: { behind: boolean }; review: { overdue: boolean } };

describe("the apprenticeship pages of someone on an old intake and a new one", () => {
  it("show the intake that started most recently, on their own page and on L&D's page about them", async () => {
    const personId = await onTwoIntakes("TWO2", "Tomos", "tomos@two-intakes.test");
    const own = (await run(home.loader, await requestFrom(personId, `/programmes/${PLUGIN_ID}`))).data as OwnPage;
    expect(own.apprentice).toMatchObject({ cohort: "New intake for Tomos", behind: false, reviewOverdue: false });
    const path = `/programmes/${PLUGIN_ID}/apprentices/${personId}`;
    const theirs = (await run(apprenticePage.loader, await requestAs("ld", path), { personId: String(personId) })).data as ApprenticePage;
    expect(theirs).toMatchObject({ cohort: "New intake for Tomos", otj: { behind: false }, review: { overdue: false } });
  });
});
