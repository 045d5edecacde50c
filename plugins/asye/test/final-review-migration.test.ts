// Migration 0008: the reviews held before it are kept, with their ids, as reviews of the year unextended,
// and the key it puts in place of one review a month takes the extended year's final review beside the
// first while refusing a second of the same. SQLite makes the table again to change its key; PostgreSQL
// alters it. Run here from the shape before it (its own way back), on whichever the tests run on.
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { personIdOf, seedDemo } from "../../../tests/support/fixtures";
import { finalReviewPerExtension } from "../migrations/0008-final-review-per-extension";
import { asyeDb } from "../server/db.server";
import { plusDays } from "../server/schedule";
import { newAsyeWorker, startYearFor, today } from "./year-support";

beforeAll(seedDemo);

const row = (yearId: number, month: number) => ({ year_id: yearId, review_month: month, held_on: today(), outcome: "on_track" as const, note: "Held.", created_at: new Date().toISOString() });

describe("migration 0008: a final review for each extension", () => {
  it("keeps the reviews held before it, and keys them by month and extension", async () => {
    const year = await startYearFor(await personIdOf("practitioner"), 400, await newAsyeWorker("E-FINAL-MIGRATION-1"));
    await finalReviewPerExtension.down!(db());

    // One review a month, as before the migration.
    const [first] = await asyeDb().insertInto("asye_reviews").values({ ...row(year.yearId, 3), held_on: plusDays(today(), -300) }).returning("id").execute();
    const [final] = await asyeDb().insertInto("asye_reviews").values(row(year.yearId, 12)).returning("id").execute();
    await expect(asyeDb().insertInto("asye_reviews").values(row(year.yearId, 12)).execute()).rejects.toThrow();

    await finalReviewPerExtension.up(db());

    const kept = await sql<{ id: number; review_month: number; extension_weeks: number }>`select id, review_month, extension_weeks from asye_reviews where year_id = ${year.yearId} order by id`.execute(db());
    expect(kept.rows.map((r) => ({ id: Number(r.id), month: Number(r.review_month), extension: Number(r.extension_weeks) }))).toEqual([
      { id: first.id, month: 3, extension: 0 },
      { id: final.id, month: 12, extension: 0 },
    ]);
    const finalReviewOf = async (weeks: number) =>
      (await sql<{ id: number }>`insert into asye_reviews (year_id, review_month, extension_weeks, held_on, outcome, note, created_at) values (${year.yearId}, 12, ${weeks}, ${today()}, 'on_track', 'Held.', ${new Date().toISOString()}) returning id`.execute(db())).rows[0];
    const extended = await finalReviewOf(8);
    expect(Number(extended.id)).toBeGreaterThan(final.id);
    await expect(finalReviewOf(8)).rejects.toThrow();
    await expect(finalReviewOf(0)).rejects.toThrow();
    // No going back while a repeated final review would be lost.
    await expect(finalReviewPerExtension.down!(db())).rejects.toThrow(/final reviews recorded after an extension/);
  });
});
