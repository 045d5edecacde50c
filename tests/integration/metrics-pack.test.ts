// The quarterly key-metrics pack on a small organisation built by hand, so every figure can be worked out
// on paper: one locality with one team, one city-wide service with one team, six people.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as pack from "../../app/routes/admin.reports_.metrics";
import * as packCsv from "../../app/routes/admin.reports_.metrics[.]csv";
import { metricsPack, recordMetricSnapshots } from "../../app/services/metrics/metrics.server";
import { parseQuarter, previousQuarter, quarter, quarterOf, recentQuarters } from "../../app/services/metrics/quarters";
import { hashPassword } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";
import type { NewPerson } from "../../db/schema";
import { requestAs } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { onPostgres } from "../support/test-database";

const Q3 = quarter(2026, 3);
const NOW = "2026-11-23T10:00:00.000Z";
let north: number;
let people: Record<"a1" | "a2" | "a3" | "a4" | "b1" | "b2", number>;

async function unit(kind: "locality" | "service" | "team", name: string, parent: number | null) {
  const [row] = await db().insertInto("org_units").values({ kind, code: name.toUpperCase().replace(/\W/g, ""), name, parent_id: parent }).returning("id").execute();
  return row.id;
}

function person(key: string, teamId: number, registered: boolean, email = `${key}@fixture.test`): NewPerson {
  return newPerson(
    { employee_number: `F${key}`, given_name: key, family_name: "Fixture", email, team_id: teamId },
    {
      qualification_date: registered ? "2019-06-01" : null, registration_number: registered ? `SW-${key}` : null,
      registration_expiry: registered ? "2027-11-30" : null, created_at: NOW, updated_at: NOW,
    },
  );
}

async function enrol(cohortId: number, personId: number, status: string, createdAt: string, updatedAt = createdAt) {
  await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id: personId, status: status as never, waitlist_position: status === "waitlisted" ? 1 : null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: createdAt, updated_at: updatedAt }).execute();
}

/** An entry with the person's reflection (their own), or without one (a programme's, not yet reflected on). */
async function cpd(personId: number, on: string, peer: boolean, reflected = true) {
  const reflection = reflected ? { source: "own", learning: "What I learnt", practice_impact: "What changes" } : { source: "research-in-practice", learning: null, practice_impact: null };
  await db().insertInto("cpd_entries").values({ person_id: personId, ...reflection, source_ref: `${personId}:${on}:${peer}`, title: "Reading", occurred_on: on, hours: 1, reflection: null, peer_reflection: peer ? 1 : 0, created_at: NOW }).execute();
}

beforeAll(async () => {
  north = await unit("locality", "North", null);
  const fostering = await unit("service", "Fostering", null);
  const teamA = await unit("team", "North Team A", north);
  const teamB = await unit("team", "Fostering Team B", fostering);
  const rows = [person("a1", teamA, true), person("a2", teamA, true), person("a3", teamA, true), person("a4", teamA, false), person("b1", teamB, true), person("b2", teamB, false, "admin@demo.test")];
  const ids = await db().insertInto("people").values(rows).returning(["id", "given_name"]).execute();
  people = Object.fromEntries(ids.map((r) => [r.given_name, r.id])) as typeof people;
  const [user] = await db().insertInto("users").values({ person_id: people.b2, email: "admin@demo.test", password_hash: await hashPassword("x-not-used-here"), created_at: NOW }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: user.id, role: "admin" }).execute();
  await db().updateTable("people").set({ email: "practitioner@demo.test" }).where("id", "=", people.a1).execute();
  const [practitioner] = await db().insertInto("users").values({ person_id: people.a1, email: "practitioner@demo.test", password_hash: "not-used", created_at: NOW }).returning("id").execute();
  await db().insertInto("user_roles").values({ user_id: practitioner.id, role: "practitioner" }).execute();

  const [cohort] = await db().insertInto("cohorts").values({ programme_id: "leadership", name: "Level 5 fixture", starts_on: "2026-04-01", ends_on: "2027-03-31", capacity: 10, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: NOW, updated_at: NOW }).returning("id").execute();
  // Q2: a1 enrols. Q3: a2 and b1 enrol, a3 asks and is declined, a1 completes. a4 waits (since Q2).
  // Quarters are London's: a2 enrols at 00:30 on 1 July in summer time (still 30 June in UTC), and b1 at
  // 23:30 on 30 September (22:30 in UTC).
  await enrol(cohort.id, people.a1, "completed", "2026-05-10T09:00:00.000Z", "2026-08-20T09:00:00.000Z");
  await enrol(cohort.id, people.a2, "enrolled", "2026-06-30T23:30:00.000Z");
  await enrol(cohort.id, people.b1, "enrolled", "2026-09-30T22:30:00.000Z");
  await enrol(cohort.id, people.a3, "declined", "2026-08-01T09:00:00.000Z");
  await enrol(cohort.id, people.a4, "waitlisted", "2026-06-15T09:00:00.000Z");

  // Registration year 2025-12-01 to 2026-11-30; the rule: two entries, one with a peer.
  await cpd(people.a1, "2026-05-01", true);
  await cpd(people.a1, "2026-08-01", false); // a1 meets it by the end of Q3, not by the end of Q2
  await cpd(people.a2, "2026-01-10", false);
  await cpd(people.a2, "2026-02-10", false); // a2 never has a peer reflection
  await cpd(people.a2, "2026-07-01", true, false); // a programme's entry without a2's reflection does not count
  await cpd(people.a3, "2025-11-30", true); // the year before: does not count
  await cpd(people.a3, "2026-03-01", true);
  await cpd(people.a3, "2026-04-01", false); // a3 meets it in both quarters
  await cpd(people.b1, "2026-10-01", true);
  await cpd(people.b1, "2026-10-02", true); // b1 meets it only after Q3
});

const figure = (rows: Awaited<ReturnType<typeof metricsPack>>, key: string) => {
  const row = rows.find((r) => r.key === key);
  if (!row) throw new Error(`No figure ${key} in ${rows.map((r) => r.key).join(", ")}`);
  return row;
};

describe("quarters", () => {
  it("names calendar quarters and steps back across a year", () => {
    expect(quarterOf("2026-11-23")).toEqual({ key: "2026-Q4", year: 2026, number: 4, start: "2026-10-01", end: "2026-12-31" });
    expect(previousQuarter(quarter(2026, 1)).key).toBe("2025-Q4");
    expect(parseQuarter("2026-Q3", "2026-11-23")?.start).toBe("2026-07-01");
    expect(parseQuarter("2027-Q1", "2026-11-23")).toBeUndefined();
    expect(parseQuarter("2026-Q5", "2026-11-23")).toBeUndefined();
    expect(parseQuarter("'; drop table people", "2026-11-23")).toBeUndefined();
    expect(recentQuarters("2026-02-01", 3).map((q) => q.key)).toEqual(["2026-Q1", "2025-Q4", "2025-Q3"]);
  });
});

describe("the core's figures on the fixture, worked out by hand", () => {
  it("counts uptake and completions by date in the quarter, leaving out declined requests", async () => {
    const rows = await metricsPack(Q3, "all", "en-GB", "2026-11-23");
    // Q3 uptake: a2 and b1 (a3 was declined). Q2: a1 and a4 (the waiting list counts as taking up a place asked for).
    expect(figure(rows, "common:leadership.uptake")).toMatchObject({ value: 2, previous: 2, change: 0 });
    // a1 completed in August.
    expect(figure(rows, "common:leadership.completed")).toMatchObject({ value: 1, previous: 0, change: 1 });
  });

  it("works out the CPD share as at each quarter's end from dated entries", async () => {
    const rows = await metricsPack(Q3, "all", "en-GB", "2026-11-23");
    // Registered: a1, a2, a3, b1. End of Q3: a1 and a3 meet it (2 of 4). End of Q2: only a3 (1 of 4).
    expect(figure(rows, "common:cpd.met")).toMatchObject({ value: 50, previous: 25, change: 25, unit: "percent" });
  });

  it("reports October to December on the registration year that ended on 30 November", async () => {
    const rows = await metricsPack(quarter(2026, 4), "all", "en-GB", "2026-12-15");
    // By 30 November 2026: a1 and a3 meet it, and b1 too (two peer-reflected entries in October): 3 of 4.
    expect(figure(rows, "common:cpd.met")).toMatchObject({ value: 75, previous: 50 });
  });

  it("narrows every figure to a locality's teams", async () => {
    const rows = await metricsPack(Q3, String(north), "en-GB", "2026-11-23");
    // North: a1..a4. Q3 uptake: a2 only. CPD: a1 and a3 of a1, a2, a3.
    expect(figure(rows, "common:leadership.uptake").value).toBe(1);
    expect(figure(rows, "common:cpd.met").value).toBe(66.7);
  });

  it("takes a state figure for a past quarter from its snapshot, and says so when there is none", async () => {
    let rows = await metricsPack(Q3, "all", "en-GB", "2026-11-23");
    expect(figure(rows, "common:leadership.waiting")).toMatchObject({ value: null, previous: null, change: null });
    await db().insertInto("metric_snapshots").values([
      { quarter: "2026-Q3", scope_key: "all", metric_key: "common:leadership.waiting", value: 3, recorded_at: "2026-09-30T02:00:00.000Z" },
      { quarter: "2026-Q2", scope_key: "all", metric_key: "common:leadership.waiting", value: 5, recorded_at: "2026-06-30T02:00:00.000Z" },
    ]).execute();
    rows = await metricsPack(Q3, "all", "en-GB", "2026-11-23");
    expect(figure(rows, "common:leadership.waiting")).toMatchObject({ value: 3, previous: 5, change: -2, higherIsBetter: false });
  });

  it("shows a state figure live in the current quarter, and the daily job keeps it per scope", async () => {
    const today = new Date("2026-11-23T02:00:00.000Z");
    const current = quarterOf("2026-11-23");
    expect(figure(await metricsPack(current, "all", "en-GB", "2026-11-23"), "common:leadership.waiting").value).toBe(1);
    const outcome = await recordMetricSnapshots(today);
    expect(outcome.scopes).toBe(3);
    const kept = await db().selectFrom("metric_snapshots").select(["scope_key", "value"]).where("quarter", "=", "2026-Q4").where("metric_key", "=", "common:leadership.waiting").orderBy("scope_key").execute();
    expect(kept).toContainEqual({ scope_key: "all", value: 1 });
    expect(kept).toContainEqual({ scope_key: String(north), value: 1 });
    // Run again the same quarter: one row per figure and scope, updated, not added.
    await recordMetricSnapshots(new Date("2026-11-24T02:00:00.000Z"));
    expect((await db().selectFrom("metric_snapshots").select("value").where("quarter", "=", "2026-Q4").where("metric_key", "=", "common:leadership.waiting").execute()).length).toBe(kept.length);
  });
});

/** Makes saving any snapshot of one scope fail while `work` runs, on either engine. */
async function whileScopeCannotBeSaved<T>(scopeKey: string, work: () => Promise<T>): Promise<T> {
  if (onPostgres()) {
    await sql`create function test_refuse_snapshot() returns trigger language plpgsql as $$ begin if new.scope_key = ${sql.lit(scopeKey)} then raise exception 'snapshots down'; end if; return new; end $$`.execute(db());
    await sql`create trigger test_refuse_snapshot before insert on metric_snapshots for each row execute function test_refuse_snapshot()`.execute(db());
  } else {
    await sql`create temp trigger test_refuse_snapshot before insert on metric_snapshots when new.scope_key = ${sql.lit(scopeKey)} begin select raise(abort, 'snapshots down'); end`.execute(db());
  }
  try {
    return await work();
  } finally {
    await sql`drop trigger test_refuse_snapshot${onPostgres() ? sql` on metric_snapshots` : sql``}`.execute(db());
    if (onPostgres()) await sql`drop function test_refuse_snapshot()`.execute(db());
  }
}

describe("a daily snapshot that fails part way", () => {
  it("keeps none of the day's figures, so a quarter never mixes two days", async () => {
    const day = new Date("2026-11-25T02:00:00.000Z");
    await expect(whileScopeCannotBeSaved(String(north), () => recordMetricSnapshots(day))).rejects.toThrow(/snapshots down/);
    expect(await db().selectFrom("metric_snapshots").select("scope_key").where("recorded_at", "=", day.toISOString()).execute()).toEqual([]);
  });
});

describe("the quarter of a daily snapshot", () => {
  it("is London's: a run at 00:30 on 1 April in summer time keeps the new quarter's figures", async () => {
    // 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (summer time began on 29 March).
    await recordMetricSnapshots(new Date("2026-03-31T23:30:00.000Z"));
    const quarters = await db().selectFrom("metric_snapshots").select("quarter").distinct().where("recorded_at", "=", "2026-03-31T23:30:00.000Z").execute();
    expect(quarters).toEqual([{ quarter: "2026-Q2" }]);
  });
});

describe("the page and its CSV", () => {
  it("shows the chosen quarter and scope with the change worded, to L&D and admins only", async () => {
    const outcome = await run(pack.loader, await requestAs("admin", `/admin/reports/metrics?quarter=2026-Q3&scope=${north}`));
    const data = outcome.data as { quarterName: string; previousName: string; scopeName: string; rows: { key: string; changeDisplay: string; valueDisplay: string }[] };
    expect(data).toMatchObject({ quarterName: "July to September 2026", previousName: "April to June 2026", scopeName: "North" });
    expect(data.rows.find((r) => r.key === "common:cpd.met")).toMatchObject({ valueDisplay: "66.7%", changeDisplay: "Up 33.4 percentage points (better)" });
    expect((await run(pack.loader, await requestAs("practitioner", "/admin/reports/metrics"))).status).toBe(403);
    expect((await run(packCsv.loader, await requestAs("practitioner", "/admin/reports/metrics.csv"))).status).toBe(403);
  });

  it("falls back to the current quarter and the whole service for anything it cannot read", async () => {
    const outcome = await run(pack.loader, await requestAs("admin", "/admin/reports/metrics?quarter=nonsense&scope=<script>"));
    expect(outcome.status).toBe(200);
    expect(outcome.data).toMatchObject({ quarter: quarterOf(new Date().toISOString().slice(0, 10)).key, scope: "all" });
  });

  it("gives the same figures as CSV, with formulas escaped", async () => {
    await db().updateTable("org_units").set({ name: "=North" }).where("id", "=", north).execute();
    const csv = (await run(packCsv.loader, await requestAs("admin", `/admin/reports/metrics.csv?quarter=2026-Q3&scope=${north}`))).data as string;
    const lines = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe("Locality or service,Figure,Source,Unit,April to June 2026,July to September 2026,Change from the quarter before");
    expect(lines).toContain("'=North,Registered social workers with their year's CPD recorded,Core figures,Percentage,33.3%,66.7%,Up 33.4 percentage points (better)");
    await db().updateTable("org_units").set({ name: "North" }).where("id", "=", north).execute();
  });
});
