// The Level 5 "Your team" page (the team's places a page at a time, and booking a place as someone's
// manager) and the programme's card on the core /team page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as coreTeam from "../../../app/routes/team._index";
import { createCohort } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { newPerson } from "../../../tests/support/new-person";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import * as team from "../routes/team";
import cy from "../locales/cy.json";
import { form } from "./support";

const PATH = "/programmes/leadership/team";
let cohortId: number;

beforeAll(async () => {
  await seedDemo();
  cohortId = await createCohort(
    { programmeId: "leadership", name: "Team bookings", startsOn: "2028-03-06", endsOn: "2028-11-27", capacity: 10, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2028-03-06", cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
    { userId: null, personId: null },
  );
});

/** A new first line manager, reporting to `lineManagerId` (or nobody), who could take a Level 5 place. */
async function firstLineManager(employeeNumber: string, lineManagerId: number | null) {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("manager")).executeTakeFirstOrThrow();
  const row = newPerson({ employee_number: employeeNumber, given_name: "Booked", family_name: employeeNumber, email: `${employeeNumber.toLowerCase()}@example.test`, team_id }, { role_category: "team_manager", job_title: "Team Manager", line_manager_id: lineManagerId });
  const { id } = await db().insertInto("people").values(row).returning("id").executeTakeFirstOrThrow();
  return id;
}

const placesOn = (personId: number) => db().selectFrom("enrolments").select(["status", "decided_by"]).where("cohort_id", "=", cohortId).where("person_id", "=", personId).execute();

describe("booking a place as someone's manager", () => {
  // Seeing everyone through L&D is not managing them: the booking would be recorded as a manager's approval.
  describe("by a manager who also holds L&D", () => {
    beforeAll(async () => {
      await db().insertInto("user_roles").values({ user_id: await userIdOf("manager"), role: "learning_development" }).execute();
    });
    afterAll(async () => {
      await db().deleteFrom("user_roles").where("user_id", "=", await userIdOf("manager")).where("role", "=", "learning_development").execute();
    });

    it("refuses someone outside their line beside the employee number, keeping both fields, and books nothing", async () => {
      const outsider = await firstLineManager("L5OUT1", null);
      const refused = await run(team.action, await requestAs("manager", PATH, form({ employee: "L5OUT1", cohort: String(cohortId) })));
      expect(refused.status).toBe(400);
      expect(refused.data).toEqual({ ok: false, error: "team.errors.notInTeam", field: "employee", values: { employee: "L5OUT1", cohort: String(cohortId) } });
      expect(await placesOn(outsider)).toEqual([]);
    });

    it("still books someone below them in the line, as their manager", async () => {
      const manager = await personIdOf("manager");
      const insider = await firstLineManager("L5IN1", manager);
      const booked = await run(team.action, await requestAs("manager", PATH, form({ employee: "L5IN1", cohort: String(cohortId) })));
      expect(booked.data).toEqual({ ok: true, status: "enrolled" });
      expect(await placesOn(insider)).toEqual([{ status: "enrolled", decided_by: manager }]);
    });
  });
});

describe("the team's places", () => {
  type TeamPage = { members: { id: number }[]; total: string; page: number; pageCount: number; openCohorts: { id: number; name: string }[] };
  const load = async (query = "") => (await run(team.loader, await requestAs("manager", PATH + query))).data as TeamPage;
  const SYSTEM = { userId: null, personId: null };

  beforeAll(async () => {
    const manager = await personIdOf("manager");
    for (let i = 0; i < 30; i += 1) {
      const personId = await firstLineManager(`L5PAGE${String(i).padStart(2, "0")}`, manager);
      const placed = await requestPlace({ cohortId, personId, actor: SYSTEM, direct: true });
      if (!placed.ok) throw new Error(placed.error);
    }
  });

  it("shows 25 a page with the total, and the rest on page 2, each place once", async () => {
    const first = await load();
    const total = Number(first.total.replace(/,/g, ""));
    expect(total).toBeGreaterThan(30);
    expect(total).toBeLessThanOrEqual(50);
    expect(first).toMatchObject({ page: 1, pageCount: 2 });
    expect(first.members).toHaveLength(25);
    const second = await load("?page=2");
    expect(second.page).toBe(2);
    expect(second.members).toHaveLength(total - 25);
    const ids = [...first.members, ...second.members].map((m) => m.id);
    expect(new Set(ids).size).toBe(total);
    const placesHere = await db().selectFrom("enrolments").select("id").where("cohort_id", "=", cohortId).execute();
    expect(ids).toEqual(expect.arrayContaining(placesHere.map((p) => p.id)));
    // A page past the end shows the last.
    expect((await load("?page=999")).members.map((m) => m.id)).toEqual(second.members.map((m) => m.id));
  });

  it("reads a page's worth however many past cohorts and finished places there are", async () => {
    const before = await rowsReadBy(() => load());
    await addPastCohortsWithFinishedPlaces(40);
    expect(await rowsReadBy(() => load())).toBe(before);
    expect((await load()).openCohorts.map((c) => c.id)).toContain(cohortId);
  });

  it("is titled in the programme's words, in English and Welsh", async () => {
    expect(((await load()) as unknown as { title: string }).title).toBe("Your team on Level 5");
    const welsh = (await run(team.loader, await requestAs("manager", `${PATH}?lng=cy`, { headers: { "Accept-Language": "cy" } }))).data as { title: string };
    expect(welsh.title).toBe(cy.team.title);
  });

  /** Every place the page lists for the manager, page by page, with the total and page count it showed. */
  async function everyPage() {
    const first = await load();
    const rest = await Promise.all(Array.from({ length: first.pageCount - 1 }, (_, i) => load(`?page=${i + 2}`)));
    return { total: first.total, pageCount: first.pageCount, ids: [first, ...rest].flatMap((p) => p.members.map((m) => m.id)) };
  }

  // The page says "in your line": holding L&D as well must not turn it into the whole council's places.
  it("lists only the manager's line when they also hold L&D, with the same total and pages", async () => {
    const outsider = await firstLineManager("L5OUTLINE", null);
    const elsewhere = await createCohort(
      { programmeId: "leadership", name: "Outside the line", startsOn: "2028-05-01", endsOn: "2028-12-11", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      { firstDate: "2028-05-01", cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
      SYSTEM,
    );
    const placed = await requestPlace({ cohortId: elsewhere, personId: outsider, actor: SYSTEM, direct: true });
    if (!placed.ok) throw new Error(placed.error);
    const asManager = await everyPage();
    expect(asManager.ids).not.toContain(placed.enrolmentId);
    const managerUser = await userIdOf("manager");
    await db().insertInto("user_roles").values({ user_id: managerUser, role: "learning_development" }).execute();
    try {
      const alsoLd = await everyPage();
      expect(alsoLd).toEqual(asManager);
      expect(alsoLd.ids).not.toContain(placed.enrolmentId);
      expect(Number(alsoLd.total.replace(/,/g, ""))).toBe(alsoLd.ids.length);
    } finally {
      await db().deleteFrom("user_roles").where("user_id", "=", managerUser).where("role", "=", "learning_development").execute();
    }
  });

  /** Cohorts whose enrolment closed years ago, each with someone in the line who completed it (named to sort after page 1). */
  async function addPastCohortsWithFinishedPlaces(count: number) {
    const manager = await personIdOf("manager");
    const now = new Date().toISOString();
    for (let i = 0; i < count; i += 1) {
      const { id } = await db()
        .insertInto("cohorts")
        .values({ programme_id: "leadership", name: `Past cohort ${i}`, starts_on: "2019-01-07", ends_on: "2019-10-28", capacity: 12, enrolment_opens_on: "2018-09-01", enrolment_closes_on: "2018-12-01", venue: null, online_url: null, requires_manager_approval: 0, created_at: now, updated_at: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      const personId = await firstLineManager(`ZZPAST${i}`, manager);
      await db().insertInto("enrolments").values({ cohort_id: id, person_id: personId, status: "completed", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).execute();
    }
  }
});

describe("the Level 5 card on /team", () => {
  type Card = { id: string; rows?: { label: string; value: string }[] };
  const cardOn = async (query = "") => ((await run(coreTeam.loader, await requestAs("manager", `/team${query}`))).data as { widgets: Card[] }).widgets.find((w) => w.id === "leadership-team");

  // The card counts the whole line whatever the filters, as the page it links to lists the whole line.
  it("counts the places of the whole line whatever team is chosen", async () => {
    const manager = await personIdOf("manager");
    const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", manager).executeTakeFirstOrThrow();
    const { parent_id } = await db().selectFrom("org_units").select("parent_id").where("id", "=", team_id).executeTakeFirstOrThrow();
    const { id: chosenTeam } = await db().insertInto("org_units").values({ parent_id, kind: "team", code: "L5-CARD", name: "Level 5 card team" }).returning("id").executeTakeFirstOrThrow();
    const small = await createCohort(
      { programmeId: "leadership", name: "One place", startsOn: "2028-04-03", endsOn: "2028-12-18", capacity: 1, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: null, onlineUrl: null, requiresManagerApproval: false },
      { firstDate: "2028-04-03", cadence: "monthly", count: 2, time: "10:00", durationMinutes: 120 },
      { userId: null, personId: null },
    );
    const inTeam = [await firstLineManager("L5CARD1", manager), await firstLineManager("L5CARD2", manager)];
    await db().updateTable("people").set({ team_id: chosenTeam }).where("id", "in", inTeam).execute();
    const elsewhere = await firstLineManager("L5CARD3", manager);
    for (const personId of [...inTeam, elsewhere]) {
      const placed = await requestPlace({ cohortId: small, personId, actor: { userId: null, personId: null }, direct: true });
      if (!placed.ok) throw new Error(placed.error);
    }
    const chosen = await cardOn(`?team=${chosenTeam}`);
    expect(chosen?.rows).toEqual((await cardOn())?.rows);
    expect(Number(chosen?.rows?.find((r) => r.label === "On a waiting list")?.value)).toBeGreaterThanOrEqual(2);
  });
});

describe("a request waiting for the manager's decision", () => {
  type Card = { id: string; rows?: { label: string; value: string; href?: string }[]; action?: { href: string } };

  it("links from the team page to the core's decision page, and from the /team card's count to the team page, each opening for the manager", async () => {
    const asker = await firstLineManager("L5ASKS", await personIdOf("manager"));
    const asked = await requestPlace({ cohortId, personId: asker, actor: { userId: null, personId: asker } });
    if (!asked.ok) throw new Error(asked.error);
    expect(asked.status).toBe("requested");

    const card = ((await run(coreTeam.loader, await requestAs("manager", "/team"))).data as { widgets: Card[] }).widgets.find((w) => w.id === "leadership-team");
    const waitingRow = card?.rows?.find((r) => r.label === "Waiting for a decision");
    expect(waitingRow?.href).toBe(PATH);
    expect(card?.action?.href).toBe(PATH);

    const teamPage = await run(team.loader, await requestAs("manager", waitingRow!.href!));
    expect(teamPage.status).toBe(200);
    // The asker sorts late by name ("L5ASKS" among "L5PAGE…"): look through every page.
    const pages = (teamPage.data as { pageCount: number }).pageCount;
    const members = [];
    for (let page = 1; page <= pages; page += 1) {
      members.push(...((await run(team.loader, await requestAs("manager", `${PATH}?page=${page}`))).data as { members: { id: number; decideHref: string | null }[] }).members);
    }
    const row = members.find((m) => m.id === asked.enrolmentId);
    expect(row?.decideHref).toBe(`/team/requests/${asked.enrolmentId}`);
    expect(members.filter((m) => m.decideHref !== null).map((m) => m.id)).toEqual([asked.enrolmentId]);

    const decide = await import("../../../app/routes/team.requests.$enrolmentId");
    const decisionPage = await run(decide.loader, await requestAs("manager", row!.decideHref!), { enrolmentId: String(asked.enrolmentId) });
    expect(decisionPage.status).toBe(200);
    expect((decisionPage.data as { waiting: boolean }).waiting).toBe(true);
  });
});
