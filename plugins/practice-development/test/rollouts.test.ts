// Rollout coverage through the real loaders and actions on a migrated, seeded database: covered, booked
// and not yet by team and locality (with people who join or move team mid-rollout), the key-metrics
// pack's share, a rollout over many teams a page at a time, and the CSV's escaping.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as sessionPage from "../routes/briefings.sessions.$cohortId";
import * as newSession from "../routes/briefings.sessions.new";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as rolloutExport from "../routes/rollouts.$rolloutId.export";
import { coveredShare } from "../server/briefings/coverage.server";
import { briefingMetrics } from "../server/briefings/metrics.server";
import { createBriefing, idFrom, inDays, post } from "./briefing-requests";
import { addPerson, confirmAs, createRollout, progressAs, teamsInThreeLocalities, type Progress, type Team } from "./rollout-fixtures";

let teamA: Team;
let teamB: Team;
let teamC: Team;

beforeAll(async () => {
  await seedDemo();
  [teamA, teamB, teamC] = await teamsInThreeLocalities();
});

describe("rollout coverage", () => {
  it("counts covered, booked and not yet by team and locality, with people counted where they are now", async () => {
    const briefing = await createBriefing({ delivery: "read" });
    const rollout = await createRollout(briefing, { teams: [String(teamA.id), String(teamB.id)] });
    const activeIn = async (teamId: number) => (await db().selectFrom("people").select("id").where("team_id", "=", teamId).where("employment_status", "=", "active").orderBy("id").execute()).map((r) => r.id);
    const inA = await activeIn(teamA.id);
    const inB = await activeIn(teamB.id);
    await confirmAs(inA[0], briefing, 1);
    await confirmAs(inA[1], briefing, 1);
    await confirmAs(inB[0], briefing, 1);

    let p = await progressAs("ld", rollout);
    const team = (id: number) => p.teams.find((t) => t.id === id)!;
    expect(p.teams.map((t) => t.id).sort()).toEqual([teamA.id, teamB.id].sort());
    expect(team(teamA.id)).toMatchObject({ total: inA.length, covered: 2, booked: 0, notYet: inA.length - 2 });
    expect(team(teamB.id)).toMatchObject({ total: inB.length, covered: 1, notYet: inB.length - 1 });
    expect(p.total).toMatchObject({ total: inA.length + inB.length, covered: 3 });
    expect(p.localities.find((l) => l.id === teamA.parent_id)).toMatchObject({ total: inA.length, covered: 2 });

    // Someone joins team A during the rollout: they count there, not yet covered.
    const joiner = await addPerson(teamA.id);
    // A covered person moves from A to B: they now count, covered, in B.
    await db().updateTable("people").set({ team_id: teamB.id }).where("id", "=", inA[0]).execute();
    // A covered person in B moves to team C, outside the rollout: they drop out of it.
    await db().updateTable("people").set({ team_id: teamC.id }).where("id", "=", inB[0]).execute();
    p = await progressAs("ld", rollout);
    expect(team(teamA.id)).toMatchObject({ total: inA.length, covered: 1, notYet: inA.length - 1 });
    expect(team(teamB.id)).toMatchObject({ total: inB.length, covered: 1, notYet: inB.length - 1 });
    expect(p.total).toMatchObject({ total: inA.length + inB.length, covered: 2 });

    // Someone who leaves is no longer counted.
    await db().updateTable("people").set({ employment_status: "left" }).where("id", "=", joiner).execute();
    expect(team(teamA.id).total).toBe(inA.length); // stale until reloaded
    p = await progressAs("ld", rollout);
    expect(team(teamA.id)).toMatchObject({ total: inA.length - 1, covered: 1 });
    await db().updateTable("people").set({ team_id: teamA.id }).where("id", "=", inA[0]).execute();
    await db().updateTable("people").set({ team_id: teamB.id }).where("id", "=", inB[0]).execute();
  });

  it("gives the key-metrics pack a scope's coverage from that scope's teams alone", async () => {
    const briefing = await createBriefing({ delivery: "read", title: "Coverage by scope" });
    const rollout = await createRollout(briefing, { teams: [String(teamA.id), String(teamB.id)] });
    const activeIn = async (teamId: number) => (await db().selectFrom("people").select("id").where("team_id", "=", teamId).where("employment_status", "=", "active").execute()).map((r) => r.id);
    const [inA, inB] = [await activeIn(teamA.id), await activeIn(teamB.id)];
    await confirmAs(inA[0], briefing, 1);
    const coverage = async (teamIds: number[] | null) => {
      const figures = await briefingMetrics(pluginContext(plugin, "en-GB"), { start: inDays(-1), end: inDays(1), teamIds, current: true });
      return figures.find((f) => f.id === `rollout-${rollout}.covered`)?.value;
    };
    expect(await coverage([teamA.id])).toBe(coveredShare({ covered: 1, total: inA.length }));
    expect(await coverage([teamB.id])).toBe(0);
    expect(await coverage(null)).toBe(coveredShare({ covered: 1, total: inA.length + inB.length }));
    expect(await coverage([teamC.id])).toBeNull();
    expect(await coverage([])).toBeNull();
  });

  it("counts a place on an upcoming session as booked, and attendance as covered", async () => {
    const briefing = await createBriefing({ delivery: "session", title: "Session briefing" });
    const rollout = await createRollout(briefing, { teams: [String(teamA.id)] });
    // Three days from yesterday: the first session has been held (so it keeps a register), the last is still to come.
    const made = await run(newSession.action, await requestAs("ld", "/programmes/practice-development/briefings/sessions/new", post({ kind: "briefing", briefing: String(briefing), name: "Session one", firstDate: inDays(-1), time: "10:00", durationMinutes: "120", days: "3", capacity: "10" })));
    expect(made.status).toBe(302);
    const cohortId = idFrom(made.headers.get("Location"));
    const people = (await db().selectFrom("people").select("id").where("team_id", "=", teamA.id).where("employment_status", "=", "active").orderBy("id").limit(2).execute()).map((r) => r.id);
    const now = new Date().toISOString();
    const enrolments = await db().insertInto("enrolments").values(people.map((person_id) => ({ cohort_id: cohortId, person_id, status: "enrolled" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }))).returning("id").execute();
    let p = await progressAs("ld", rollout);
    expect(p.total).toMatchObject({ covered: 0, booked: 2 });
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", cohortId).orderBy("starts_at").executeTakeFirstOrThrow();
    const shown = enrolments.map((e) => String(e.id));
    const register = await run(sessionPage.action, await requestAs("ld", `/programmes/practice-development/briefings/sessions/${cohortId}`, post({ session: String(session.id), shown, ...Object.fromEntries(shown.map((id) => [`shown-${id}`, ""])), [`mark-${shown[0]}`]: "present", [`mark-${shown[1]}`]: "absent" })), { cohortId: String(cohortId) });
    expect(register.status).toBe(302);
    // Present at the held session: covered. Absent from it, with a session still to come: still booked.
    p = await progressAs("ld", rollout);
    expect(p.total).toMatchObject({ covered: 1, booked: 1 });
  });
});

describe("a rollout over many teams", () => {
  it("shows the teams 25 a page, with the totals and the localities whole, and every team in the CSV", async () => {
    // A locality of 30 teams of one person each: page 2 holds teams 26 to 30.
    const [locality] = await db().insertInto("org_units").values({ parent_id: null, kind: "locality", code: "PD-PAGED", name: "Paged locality" }).returning("id").execute();
    const teamNames = Array.from({ length: 30 }, (_, i) => `Paged team ${String(i + 1).padStart(2, "0")}`);
    const teams = await db().insertInto("org_units").values(teamNames.map((name, i) => ({ parent_id: locality.id, kind: "team" as const, code: `PD-PAGED-${i + 1}`, name }))).returning("id").execute();
    const person: number[] = [];
    for (const team of teams) person.push(await addPerson(team.id));
    const briefing = await createBriefing({ delivery: "session", title: "Paged briefing" });
    const rollout = await createRollout(briefing, { localities: [String(locality.id)] });
    // Team 27 confirmed (and booked too: covered wins), team 29 confirmed, team 28 booked on an upcoming session.
    await confirmAs(person[26], briefing, 1);
    await confirmAs(person[28], briefing, 1);
    const made = await run(newSession.action, await requestAs("ld", "/programmes/practice-development/briefings/sessions/new", post({ kind: "briefing", briefing: String(briefing), name: "Paged session", firstDate: inDays(10), time: "10:00", durationMinutes: "60", days: "1", capacity: "10" })));
    expect(made.status).toBe(302);
    const cohortId = idFrom(made.headers.get("Location"));
    const now = new Date().toISOString();
    await db().insertInto("enrolments").values([person[26], person[27]].map((person_id) => ({ cohort_id: cohortId, person_id, status: "enrolled" as const, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }))).execute();

    const pageOf = async (n: number) => {
      const outcome = await run(rolloutPage.loader, await requestAs("ld", `/programmes/practice-development/rollouts/${rollout}?page=${n}`), { rolloutId: String(rollout) });
      expect(outcome.status).toBe(200);
      return outcome.data as Progress & { page: number; pageCount: number; teamCount: number; firstTeam: number };
    };
    const first = await pageOf(1);
    expect(first.teams.map((t) => t.name)).toEqual(teamNames.slice(0, 25));
    const second = await pageOf(2);
    expect(second).toMatchObject({ page: 2, pageCount: 2, teamCount: 30, firstTeam: 26 });
    expect(second.teams.map((t) => t.name)).toEqual(teamNames.slice(25));
    expect(second.teams.map(({ total, covered, booked, notYet }) => ({ total, covered, booked, notYet }))).toEqual([
      { total: 1, covered: 0, booked: 0, notYet: 1 },
      { total: 1, covered: 1, booked: 0, notYet: 0 },
      { total: 1, covered: 0, booked: 1, notYet: 0 },
      { total: 1, covered: 1, booked: 0, notYet: 0 },
      { total: 1, covered: 0, booked: 0, notYet: 1 },
    ]);
    // The totals and the locality summary are of all 30 teams, whichever page is shown.
    for (const shown of [first, second]) {
      expect(shown.total).toMatchObject({ total: 30, covered: 2, booked: 1, notYet: 27 });
      expect(shown.localities).toEqual([expect.objectContaining({ id: locality.id, total: 30, covered: 2 })]);
    }
    // A page past the end shows the last one.
    expect((await pageOf(9)).teams.map((t) => t.name)).toEqual(teamNames.slice(25));
    const csv = await run(rolloutExport.loader, await requestAs("ld", `/programmes/practice-development/rollouts/${rollout}/export?page=2`), { rolloutId: String(rollout) });
    const lines = (csv.data as string).trim().split("\r\n").slice(1);
    expect(lines.map((l) => l.split(",")[1])).toEqual(teamNames);
  });
});

describe("the CSV export", () => {
  it("escapes names a spreadsheet would run as formulas", async () => {
    const [unit] = await db().insertInto("org_units").values({ parent_id: teamA.parent_id, kind: "team", code: "PD-EVIL", name: "=HYPERLINK(\"http://evil\")" }).returning("id").execute();
    await addPerson(unit.id);
    const briefing = await createBriefing();
    const rollout = await createRollout(briefing, { teams: [String(unit.id)] });
    const csv = await run(rolloutExport.loader, await requestAs("ld", `/programmes/practice-development/rollouts/${rollout}/export`), { rolloutId: String(rollout) });
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const text = csv.data as string;
    expect(text).toContain("'=HYPERLINK");
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});
