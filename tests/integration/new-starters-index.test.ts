// New starters are found by their start date through an index (core migration 0018), not by reading
// everyone: practice development's induction lists and counts those who started in the last months.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { onPostgres } from "../support/test-database";

beforeAll(seedDemo);

describe("people by start date", () => {
  it("are found through the start-date index", async () => {
    // The shape of the induction list's query for L&D, who see everyone.
    const recent = sql`select id from people where employment_status = 'active' and employment_start >= ${"2026-06-01"} order by employment_start desc, id limit 25`;
    if (onPostgres()) {
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'people_started_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/\(employment_start, id\)/)]);
    } else {
      const plan = (await sql<{ detail: string }>`explain query plan ${recent}`.execute(db())).rows.map((r) => r.detail).join("\n");
      expect(plan).toContain("INDEX people_started_idx");
      expect(plan).not.toMatch(/SCAN people(?! USING)/);
    }
  });
});
