// The cohorts a manager may book someone onto from "Your team": only those still to begin, with their
// enrolment window open if they have one. A cohort with no window used to count as open for ever, so
// every finished Level 5 cohort filled the list and took bookings; the core refuses a manager's approval
// once a cohort has begun, and a booking is that approval.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createCohort } from "../../../app/services/cohorts.server";
import { addDaysToDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { onlyStatement, postgresPlanAtScale, sqlitePlan, statementsRunBy } from "../../../tests/support/statement-plans";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { onPostgres } from "../../../tests/support/test-database";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as team from "../routes/team";
import { bookingRefusal } from "../server/team.server";
import { form } from "./support";

const PATH = "/programmes/leadership/team";
const SYSTEM = { userId: null, personId: null };
const STARTED = "team.errors.cohortStarted";

type TeamPage = { openCohorts: { id: number; name: string }[] };
const offered = async () => ((await run(team.loader, await requestAs("manager", PATH))).data as TeamPage).openCohorts.map((c) => c.id);

/** A Level 5 cohort starting `startsInDays` from London's today (before it when negative), lasting `days`. */
async function cohortStarting(name: string, startsInDays: number, { days = 200, opensOn = null as string | null, closesOn = null as string | null } = {}) {
  const startsOn = addDaysToDate(londonToday(), startsInDays);
  return createCohort(
    { programmeId: PLUGIN_ID, name, startsOn, endsOn: addDaysToDate(startsOn, days), capacity: 10, enrolmentOpensOn: opensOn, enrolmentClosesOn: closesOn, venue: null, onlineUrl: null, requiresManagerApproval: true },
    { firstDate: startsOn, cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
    SYSTEM,
  );
}

/** A new first line manager in the demo manager's line, who could take a Level 5 place. */
async function inManagersLine(employeeNumber: string) {
  const manager = await personIdOf("manager");
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", manager).executeTakeFirstOrThrow();
  const row = newPerson({ employee_number: employeeNumber, given_name: "Booked", family_name: employeeNumber, email: `${employeeNumber.toLowerCase()}@example.test`, team_id }, { role_category: "team_manager", job_title: "Team Manager", line_manager_id: manager });
  return (await db().insertInto("people").values(row).returning("id").executeTakeFirstOrThrow()).id;
}

const placesOf = (personId: number) => db().selectFrom("enrolments").select(["cohort_id", "status", "decided_by"]).where("person_id", "=", personId).execute();
const auditedFor = (personId: number) => db().selectFrom("audit_events").select("action").where("person_id", "=", personId).execute();

let finished: number;
let started: number;
let startsToday: number;
let upcoming: number;

beforeAll(async () => {
  await seedDemo();
  finished = await cohortStarting("Finished years ago", -1_000, { days: 280 });
  started = await cohortStarting("Began last week", -7);
  // The seed's own shape: enrolment closing on the first day, so the window is open all that day.
  startsToday = await cohortStarting("Begins today", 0, { closesOn: londonToday() });
  upcoming = await cohortStarting("Begins next month", 30);
});

describe("the cohorts offered on Your team", () => {
  it("leave out a finished cohort, a begun one and one beginning today, and offer one still to come", async () => {
    const ids = await offered();
    expect(ids).toContain(upcoming);
    expect(ids).not.toContain(finished);
    expect(ids).not.toContain(started);
    expect(ids).not.toContain(startsToday);
  });

  it("are exactly those the booking accepts, for every Level 5 cohort there is", async () => {
    const cohorts = await db().selectFrom("cohorts").select(["id", "starts_on", "enrolment_opens_on", "enrolment_closes_on"]).where("programme_id", "=", PLUGIN_ID).execute();
    expect(cohorts.length).toBeGreaterThan(4);
    const accepted = cohorts.filter((c) => bookingRefusal(c) === null).map((c) => c.id);
    expect((await offered()).sort((a, b) => a - b)).toEqual(accepted.sort((a, b) => a - b));
  });

  it("are read through the programme's index, as a range of start dates", async () => {
    const statements = await statementsRunBy(() => offered());
    const query = onlyStatement(statements, (text) => /from "cohorts"/.test(text) && /"starts_on" >/.test(text));
    if (onPostgres()) {
      // The small test table would be scanned whole; what matters at national scale is that the index can take the range.
      const plan = await postgresPlanAtScale(query);
      expect(plan).toContain("cohorts_programme_idx");
      expect(plan).toMatch(/Index Cond: \(\(programme_id = .*\) AND \(starts_on > .*\)\)/);
    } else {
      expect(await sqlitePlan(query)).toContain("SEARCH cohorts USING INDEX cohorts_programme_idx (programme_id=? AND starts_on>?)");
    }
  });
});

describe("a booking naming a cohort that has begun", () => {
  const cases = [
    { when: "has finished", employee: "L5FINISHED", cohort: () => finished },
    { when: "began last week, with no enrolment window", employee: "L5BEGUN", cohort: () => started },
    { when: "begins today, its window still open", employee: "L5TODAY", cohort: () => startsToday },
  ];
  for (const { when, employee, cohort } of cases) {
    it(`is refused beside the cohort field, storing nothing, when the cohort ${when}`, async () => {
      const personId = await inManagersLine(employee);
      const refused = await run(team.action, await requestAs("manager", PATH, form({ employee, cohort: String(cohort()) })));
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ ok: false, error: STARTED, field: "cohort", values: { employee, cohort: String(cohort()) } });
      expect(await placesOf(personId)).toEqual([]);
      expect(await auditedFor(personId)).toEqual([]);
    });
  }

  it("shows the reason beside the cohort and in the error summary, in English and Welsh", async () => {
    await inManagersLine("L5SHOWN");
    const refused = await run(team.action, await requestAs("manager", PATH, form({ employee: "L5SHOWN", cohort: String(started) })));
    for (const locale of ["en-GB", "cy"] as const) {
      const message = fixedT(locale, PLUGIN_ID)(STARTED);
      expect(message).not.toBe(STARTED);
      const shown = await run(team.loader, await requestAs("manager", `${PATH}?lng=${locale}`, { headers: { "Accept-Language": locale } }));
      const html = await renderedAfterPost(team.default, shown.data, refused.data, locale);
      expect(html).toContain(`<a href="#cohort">${escaped(message)}</a>`);
      expect(html).toMatch(new RegExp(`<p id="cohort-error" class="govuk-error-message">.*?</span> ${escapeRegExp(escaped(message))}</p>`));
    }
    expect(fixedT("en-GB", PLUGIN_ID)(STARTED)).toMatch(/^This cohort has already started/);
  });
});

describe("a booking on a cohort still to come", () => {
  it("gives the person a place, decided by their manager, and audits it", async () => {
    const personId = await inManagersLine("L5UPCOMING");
    const booked = await run(team.action, await requestAs("manager", PATH, form({ employee: "L5UPCOMING", cohort: String(upcoming) })));
    expect(booked.data).toEqual({ ok: true, status: "enrolled" });
    expect(await placesOf(personId)).toEqual([{ cohort_id: upcoming, status: "enrolled", decided_by: await personIdOf("manager") }]);
    expect((await auditedFor(personId)).map((e) => e.action)).toContain("enrolment.booked_by_manager");
  });
});

afterEach(() => vi.useRealTimers());

describe("London's today", () => {
  it("decides whether a cohort has begun, just after midnight in summer when UTC's date is still yesterday", async () => {
    const beginsSecond = await createCohort(
      { programmeId: PLUGIN_ID, name: "Begins 2 July", startsOn: "2026-07-02", endsOn: "2026-12-31", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
      null,
      SYSTEM,
    );
    const beginsThird = await createCohort(
      { programmeId: PLUGIN_ID, name: "Begins 3 July", startsOn: "2026-07-03", endsOn: "2026-12-31", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
      null,
      SYSTEM,
    );
    await inManagersLine("L5MIDNIGHT");
    const page = await requestAs("manager", PATH);
    const post = await requestAs("manager", PATH, form({ employee: "L5MIDNIGHT", cohort: String(beginsSecond) }));
    // 23:30 UTC on 1 July is 00:30 on 2 July in London: the cohort beginning on the 2nd has begun.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    const ids = ((await run(team.loader, page)).data as TeamPage).openCohorts.map((c) => c.id);
    expect(ids).toContain(beginsThird);
    expect(ids).not.toContain(beginsSecond);
    expect((await run(team.action, post)).data).toMatchObject({ ok: false, error: STARTED, field: "cohort" });
  });
});

describe("a booking sent once every cohort has begun", () => {
  it("is refused, and the page says why in the summary without linking to a form it no longer shows", async () => {
    await inManagersLine("L5NONELEFT");
    // Long enough after today that the demo's cohorts and this file's have all begun; the sessions are started then too.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date(Date.now() + 400 * 86_400_000) });
    const shown = await run(team.loader, await requestAs("manager", PATH));
    expect((shown.data as TeamPage).openCohorts).toEqual([]);
    const refused = await run(team.action, await requestAs("manager", PATH, form({ employee: "L5NONELEFT", cohort: String(upcoming) })));
    expect(refused.data).toMatchObject({ ok: false, error: STARTED, field: "cohort" });
    const html = await renderedAfterPost(team.default, shown.data, refused.data);
    const message = escaped(fixedT("en-GB", PLUGIN_ID)(STARTED));
    expect(html).toContain(`<li>${message}</li>`);
    expect(html).not.toContain('href="#cohort"');
    expect(html).toContain(escaped(fixedT("en-GB", PLUGIN_ID)("team.noOpenCohorts")));
  });
});

const escaped = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
