// One Level 5 place a person: someone holding a place, a request or a waiting-list place on one cohort, or
// who has completed the programme, is given no place on another, whether they ask, their manager books or
// L&D enrol them; their home says where their place is, lists its sessions with calendar files, and the
// same request sent twice finds it made.
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
import * as cohortPage from "../routes/cohorts.$cohortId";
import * as team from "../routes/team";
import { cohortNamed, employeeOf, form, withoutLevel5Places } from "./support";

const SYSTEM = { userId: null, personId: null };
const HOME = `/programmes/${PLUGIN_ID}`;

beforeAll(seedDemo);

let made = 0;
/** A cohort open for requests, with no approval step, beginning a month or so from today. */
const openCohort = () => {
  made += 1;
  const startsOn = addDaysToDate(londonToday(), 30 + made);
  return createCohort(
    { programmeId: PLUGIN_ID, name: `One place ${made}`, startsOn, endsOn: addDaysToDate(startsOn, 200), capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: false },
    { firstDate: startsOn, cadence: "fortnightly", count: 2, time: "09:30", durationMinutes: 60 },
    SYSTEM,
  );
};

const homeData = async () => (await run(home.loader, await requestAs("manager", HOME))).data as Record<string, unknown> & { cohorts: { id: number; requestable: boolean }[]; placeHeld: { cohort: string; status: string } | null };
const ask = async (cohortId: number) => run(home.action, await requestAs("manager", HOME, form({ intent: "request", cohort: String(cohortId) })));
const requestButtonFor = (cohortId: number) => `<input type="hidden" name="cohort" value="${cohortId}"/>`;
const placesOn = (cohortId: number) => db().selectFrom("enrolments").select(["person_id", "status"]).where("cohort_id", "=", cohortId).execute();
const eventsOn = async (personId: number) => (await db().selectFrom("audit_events").select("id").where("person_id", "=", personId).where("action", "like", "enrolment.%").execute()).length;

describe("a learner holding a Level 5 place", () => {
  it("is shown where their place is and no button, and a request on another cohort is refused, storing nothing", async () => {
    const learner = await personIdOf("manager");
    const other = await openCohort();
    const shown = await homeData();
    expect(shown.placeHeld).toEqual({ cohort: "Cohort 1", status: "enrolled" });
    expect(shown.cohorts.find((c) => c.id === other)?.requestable).toBe(false);
    const page = await renderedAfterPost(home.default, shown, null);
    expect(page).not.toContain(requestButtonFor(other));
    expect(page).toContain("Your Level 5 place, or your request for one, is on Cohort 1.");

    const before = await eventsOn(learner);
    const refused = await ask(other);
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ ok: false, error: `${PLUGIN_ID}:home.errors.placeElsewhere` });
    expect(await placesOn(other)).toEqual([]);
    expect(await eventsOn(learner)).toBe(before);
    const cy = await renderedAfterPost(home.default, shown, refused.data, "cy");
    expect(cy.replaceAll("&#x27;", "'")).toContain("Mae gennych chi le, cais neu le ar y rhestr aros ar garfan Lefel 5 arall eisoes.");
  });

  it("lists the sessions of their cohort with a calendar file for each and for the whole cohort", async () => {
    const { id: cohort1 } = await cohortNamed("Cohort 1");
    const sessions = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohort1).execute();
    const shown = await homeData();
    expect((shown.sessions as { cohortId: number; sessions: unknown[] }).cohortId).toBe(cohort1);
    expect((shown.sessions as { sessions: unknown[] }).sessions).toHaveLength(sessions.length);
    const page = await renderedAfterPost(home.default, shown, null);
    expect(page).toContain("Your sessions");
    expect(page).toContain(`href="${HOME}/cohorts/${cohort1}/calendar"`);
    for (const s of sessions) expect(page).toContain(`href="${HOME}/sessions/${s.id}/calendar"`);
    expect(page).toContain("Council Learning Centre, Room 2");
  });
});

describe("someone who has completed Level 5", () => {
  it("is refused another place, by their own request", async () => {
    const learner = await personIdOf("manager");
    await withoutLevel5Places(learner);
    const done = await openCohort();
    const placed = await requestPlace({ cohortId: done, personId: learner, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    await db().updateTable("enrolments").set({ status: "completed" }).where("id", "=", placed.enrolmentId).execute();
    const other = await openCohort();
    const shown = await homeData();
    expect(shown.placeHeld?.status).toBe("completed");
    expect(await renderedAfterPost(home.default, shown, null)).not.toContain(requestButtonFor(other));
    const refused = await ask(other);
    expect(refused.data).toEqual({ ok: false, error: `${PLUGIN_ID}:home.errors.completedAlready` });
    expect(await placesOn(other)).toEqual([]);
  });
});

describe("a place given by someone else", () => {
  it("is refused by L&D's enrolment from the cohort page when the person holds a place elsewhere", async () => {
    const person = await personIdOf("manager");
    await withoutLevel5Places(person);
    const first = await openCohort();
    expect((await requestPlace({ cohortId: first, personId: person, actor: SYSTEM, direct: true })).ok).toBe(true);
    const other = await openCohort();
    const refused = await run(cohortPage.action, await requestAs("ld", `${HOME}/cohorts/${other}`, form({ intent: "enrol", employee: await employeeOf(person), override: "" })), { cohortId: String(other) });
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.placeElsewhere` });
    expect(await placesOn(other)).toEqual([]);
  });

  it("is refused by a manager's booking when the person has a request waiting on another cohort", async () => {
    const supervisor = await db().selectFrom("people").select(["id", "employee_number"]).where("line_manager_id", "=", await personIdOf("manager")).where("role_category", "=", "practice_supervisor").executeTakeFirstOrThrow();
    await withoutLevel5Places(supervisor.id);
    const first = await openCohort();
    await db().updateTable("cohorts").set({ requires_manager_approval: 1 }).where("id", "=", first).execute();
    expect(await requestPlace({ cohortId: first, personId: supervisor.id, actor: SYSTEM })).toMatchObject({ ok: true, status: "requested" });
    const other = await openCohort();
    const refused = await run(team.action, await requestAs("manager", `${HOME}/team`, form({ employee: supervisor.employee_number, cohort: String(other) })));
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ ok: false, field: "employee", error: "team.errors.placeElsewhere" });
    expect(await placesOn(other)).toEqual([]);
  });
});

describe("the same request sent twice", () => {
  it("finds it made the second time, with one place stored", async () => {
    const learner = await personIdOf("manager");
    await withoutLevel5Places(learner);
    const cohortId = await openCohort();
    const first = await ask(cohortId);
    const second = await ask(cohortId);
    expect(first.data).toEqual({ ok: true, message: `${PLUGIN_ID}:home.outcome.enrolled` });
    expect(second.status).toBe(200);
    expect(second.data).toEqual(first.data);
    expect(await placesOn(cohortId)).toEqual([{ person_id: learner, status: "enrolled" }]);
  });
});
