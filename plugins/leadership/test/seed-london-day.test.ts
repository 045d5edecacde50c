// The demo seed dates the programme from London's day, where the council is, not UTC's: seeded between
// midnight and 1am in summer, UTC's date is still yesterday and every date came out a day early.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { seedJustAfterLondonMidnight } from "../../../tests/support/london-midnight";
import { db } from "../../../app/utils/db.server";
import { PLUGIN_ID } from "../programme";

seedJustAfterLondonMidnight();

const startOf = async (name: string) => (await db().selectFrom("cohorts").select("starts_on").where("programme_id", "=", PLUGIN_ID).where("name", "=", name).executeTakeFirstOrThrow()).starts_on;

describe("seeding the Level 5 programme just after midnight in British Summer Time", () => {
  it("dates the cohorts and the self-study from London's day", async () => {
    // The next cohort starts three months after London's 2 July.
    expect(await startOf("Cohort 2")).toBe("2026-10-02");
    // The newest self-study entry is 31 days before London's 2 July.
    const { rows } = await sql<{ latest: string }>`select max(occurred_on) as latest from leadership_guided_learning`.execute(db());
    expect(rows[0].latest).toBe("2026-06-01");
  });
});
