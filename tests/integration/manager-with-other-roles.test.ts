// A line manager who also works in L&D (or is an admin) sees everyone, but acts as a manager only for their
// own line: their inbox holds what waits for them as the manager, only they decide their reports'
// requests (ADR 0008 says the same of progression requests), and "My team" is the line they manage.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decide from "../../app/routes/team.requests.$enrolmentId";
import * as people from "../../app/routes/admin.people._index";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as teamPerson from "../../app/routes/team.$personId._index";
import { createCohort } from "../../app/services/cohorts.server";
import { requestPlace, withdraw } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { scopedPeople } from "../../app/utils/permissions.server";
import { personIdOf, personOutsideLineOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

const PROGRAMME = "manager-roles-test";
let managerUserId: number;

async function approvalCohort() {
  return createCohort(
    { programmeId: PROGRAMME, name: "Needs approval", startsOn: "2027-03-01", endsOn: "2027-06-01", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2027-03-01", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
}

const asks = async (cohortId: number, personId: number) => {
  const asked = await requestPlace({ cohortId, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(asked.error);
  return asked.enrolmentId;
};

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
  managerUserId = (await db().selectFrom("users").select("id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow()).id;
  await db().insertInto("user_roles").values({ user_id: managerUserId, role: "learning_development" }).execute();
});

afterAll(async () => {
  await db().deleteFrom("user_roles").where("user_id", "=", managerUserId).where("role", "=", "learning_development").execute();
});

describe("a line manager who also works in L&D", () => {
  it("decides their reports' place requests, and nobody else's", async () => {
    const cohortId = await approvalCohort();
    const mine = await asks(cohortId, await personIdOf("practitioner"));
    const outside = await asks(cohortId, await personIdOf("ld"));
    const page = async (id: number) => (await run(decide.loader, await requestAs("manager", `/team/requests/${id}`), { enrolmentId: String(id) })).status;
    expect(await page(mine)).toBe(200);
    expect(await page(outside)).toBe(404);
  });

  it("finds in the /team inbox only what waits for them as the manager of their line", async () => {
    const manager = await personIdOf("manager");
    const line = new Set((await scopedPeople({ kind: "reports", managerId: manager }).select("people.id").execute()).map((p) => p.id));
    const inbox = ((await run(team.loader, await requestAs("manager", "/team"))).data as { inbox: { personId: number; href: string }[] }).inbox;
    expect(inbox.length).toBeGreaterThan(0);
    expect(inbox.filter((item) => !line.has(item.personId))).toEqual([]);
  });
});

describe("/team for a line manager who also works in L&D", () => {
  interface TeamData { rows: { id: number }[]; total: number; lineSize: number; teams: { id: number }[]; widgets: unknown[] }

  it("lists, counts, filters and exports their own line, not the whole council", async () => {
    const manager = await personIdOf("manager");
    const line = (await scopedPeople({ kind: "reports", managerId: manager }).select(["people.id", "people.team_id"]).execute());
    const everyone = (await db().selectFrom("people").select("id").execute()).length;
    expect(everyone).toBeGreaterThan(line.length + 10);
    const page = (await run(team.loader, await requestAs("manager", "/team"))).data as TeamData;
    expect(page.lineSize).toBe(line.length);
    expect(page.total).toBe(line.length);
    expect(page.rows.filter((row) => !line.some((p) => p.id === row.id))).toEqual([]);
    expect(page.teams.map((t) => t.id).sort()).toEqual([...new Set(line.map((p) => p.team_id))].sort());
    const csv = (await run(teamCsv.loader, await requestAs("manager", "/team/export.csv"))).data as string;
    expect(csv.replace(/^\uFEFF/, "").trim().split("\r\n")).toHaveLength(line.length + 1);
  });

  it("still opens anyone's page and lists everyone on /admin/people, as L&D", async () => {
    const outsider = await personOutsideLineOf(await personIdOf("manager"));
    expect((await run(teamPerson.loader, await requestAs("manager", `/team/${outsider}`), { personId: String(outsider) })).status).toBe(200);
    const listed = (await run(people.loader, await requestAs("manager", "/admin/people"))).data as { total: number };
    expect(listed.total).toBe((await db().selectFrom("people").select("id").execute()).length);
  });
});

describe("a place request withdrawn while its manager writes a decision", () => {
  it("answers the late decision with the reason typed and why, not a 404, and the page says it no longer waits", async () => {
    const cohortId = await approvalCohort();
    const enrolmentId = await asks(cohortId, await personIdOf("practitioner"));
    const params = { enrolmentId: String(enrolmentId) };
    expect((await run(decide.loader, await requestAs("manager", `/team/requests/${enrolmentId}`), params)).data).toMatchObject({ waiting: true });
    await withdraw(enrolmentId, null, { userId: null, personId: await personIdOf("practitioner") });
    const body = new FormData();
    body.set("decision", "decline");
    body.set("reason", "Not this year: the team is two posts short.");
    const late = await run(decide.action, await requestAs("manager", `/team/requests/${enrolmentId}`, { method: "POST", body }), params);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.data)).toContain("Not this year: the team is two posts short.");
    expect(JSON.stringify(late.data)).toContain("requests.errors.noLongerWaiting");
    expect((await db().selectFrom("enrolments").select("status").where("id", "=", enrolmentId).executeTakeFirstOrThrow()).status).toBe("withdrawn");
    expect((await run(decide.loader, await requestAs("manager", `/team/requests/${enrolmentId}`), params)).data).toMatchObject({ waiting: false });
  });
});
