// A locality's CPD figure in the quarterly pack reads the CPD entries of that locality's people only:
// it summed every person's entries for the year first (half a second at national scale) and kept the
// scope's. On a small organisation built by hand, where everyone outside the locality has entries too,
// the figures are worked out on paper; on SQLite the entries are read person by person of the scope.
import { beforeAll, describe, expect, it } from "vitest";
import { metricsPack } from "../../app/services/metrics/metrics.server";
import { quarter } from "../../app/services/metrics/quarters";
import { db } from "../../app/utils/db.server";
import { newPerson } from "../support/new-person";
import { onPostgres } from "../support/test-database";
import { sqlitePlan, statementsRunBy } from "../support/statement-plans";

const Q3 = quarter(2026, 3);
const TODAY = "2026-11-23";
let north: number;
let south: number;
let empty: number;

async function unit(kind: "locality" | "team", name: string, parent: number | null) {
  const [row] = await db().insertInto("org_units").values({ kind, code: name.toUpperCase().replace(/\W/g, ""), name, parent_id: parent }).returning("id").execute();
  return row.id;
}

async function registered(key: string, teamId: number) {
  const values = newPerson(
    { employee_number: `CPD-${key}`, given_name: key, family_name: "Scope", email: `${key}@cpd-scope.test`, team_id: teamId },
    { qualification_date: "2019-06-01", registration_number: `SW-${key}`, registration_expiry: "2027-11-30" },
  );
  const [row] = await db().insertInto("people").values(values).returning("id").execute();
  return row.id;
}

/** A reflected entry (the person's own), with a peer's reflection or without. */
async function entry(personId: number, on: string, peer: boolean) {
  await db()
    .insertInto("cpd_entries")
    .values({ person_id: personId, source: "own", source_ref: `${personId}:${on}`, title: "Reading", learning: "What I learnt", practice_impact: "What changes", occurred_on: on, hours: 1, reflection: null, peer_reflection: peer ? 1 : 0, created_at: `${on}T09:00:00.000Z` })
    .execute();
}

/** The CPD share for a scope ("all" or an org unit's id) in the third quarter, and the statements that worked it out. */
async function cpdShare(scopeKey: string) {
  let rows: Awaited<ReturnType<typeof metricsPack>> = [];
  const statements = await statementsRunBy(async () => {
    rows = await metricsPack(Q3, scopeKey, "en-GB", TODAY);
  });
  const figure = rows.find((r) => r.key === "common:cpd.met");
  if (!figure) throw new Error("No CPD figure in the pack");
  return { value: figure.value, statements: statements.filter((s) => s.sql.includes('from "cpd_entries"') && s.sql.includes('as "registered"')) };
}

beforeAll(async () => {
  north = await unit("locality", "North CPD", null);
  south = await unit("locality", "South CPD", null);
  empty = await unit("locality", "Nobody CPD", null);
  const northTeam = await unit("team", "North CPD Team", north);
  const southTeam = await unit("team", "South CPD Team", south);
  // The rule: two reflected entries in the registration year (December 2025 to November 2026), one with
  // a peer. In the north, n1 meets it by the end of September and n2 does not; in the south both do.
  const [n1, n2, s1, s2] = [await registered("n1", northTeam), await registered("n2", northTeam), await registered("s1", southTeam), await registered("s2", southTeam)];
  await entry(n1, "2026-02-01", true);
  await entry(n1, "2026-08-01", false);
  await entry(n2, "2026-03-01", true);
  for (const person of [s1, s2]) {
    await entry(person, "2026-01-15", true);
    await entry(person, "2026-04-15", false);
    await entry(person, "2026-06-15", true);
  }
});

describe("the CPD figure for a locality", () => {
  it("counts the locality's people only, while everyone else has entries too", async () => {
    expect((await cpdShare(String(north))).value).toBe(50);
    expect((await cpdShare(String(south))).value).toBe(100);
    expect((await cpdShare("all")).value).toBe(75);
    expect((await cpdShare(String(empty))).value).toBeNull();
  });

  it("reads the entries of the locality's people only, not the year's entries of everyone", async () => {
    const { statements } = await cpdShare(String(north));
    // The quarter's and the quarter before's.
    expect(statements).toHaveLength(2);
    if (onPostgres()) return; // the figures above are PostgreSQL's check; its planner picks by table size
    for (const statement of statements) {
      const plan = await sqlitePlan(statement);
      expect(plan).toMatch(/SEARCH cpd_entries USING INDEX cpd_entries_person_idx \(person_id=\? /);
      expect(plan).not.toMatch(/SCAN cpd_entries|ANY\(person_id\)/);
    }
  });
});
