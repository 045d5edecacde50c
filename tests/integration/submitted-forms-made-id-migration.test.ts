// Core migration 0028: a form's one-time token keeps the id of the record its first send made. A database
// migrated up to the migration before, with tokens claimed then, is migrated to the latest as
// `npm run db:migrate` does: those tokens are kept, claimed still, with no id (their resend lands on the
// programme's list), and a token claimed after keeps the id of what its form made.
import { Migrator } from "kysely";
import { describe, expect, it } from "vitest";
import { claimFormToken, madeBy, newFormToken, recordMade } from "../../app/services/submitted-forms.server";
import { createDb } from "../../db/connection";
import { coreMigrations } from "../../db/migrations";
import { submittedFormsRememberWhatTheyMade } from "../../db/migrations/0028-submitted-forms-remember-what-they-made";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";

const THIS_MIGRATION = "0028-submitted-forms-remember-what-they-made";
const PREVIOUS = Object.keys(coreMigrations).filter((name) => name < THIS_MIGRATION).sort().at(-1)!;

describe("migration 0028 on a database migrated before it", () => {
  it("keeps the tokens claimed before, with no id, and lets a token claimed after keep one", async () => {
    const url = await createTestDatabaseUrl();
    const database = createDb(url);
    try {
      const migrator = new Migrator({ db: database, provider: { getMigrations: async () => coreMigrations }, migrationTableName: "core_migrations", migrationLockTableName: "core_migrations_lock" });
      const { error } = await migrator.migrateTo(PREVIOUS);
      if (error) throw error;
      const claimedBefore = newFormToken();
      await database.insertInto("submitted_forms").values({ token: claimedBefore, submitted_at: new Date().toISOString() }).execute();

      await migrateDatabase(url, () => undefined);

      expect(await madeBy(claimedBefore, database)).toBeNull();
      expect(await database.transaction().execute((trx) => claimFormToken(trx, claimedBefore))).toBe(false);
      const claimedAfter = newFormToken();
      await database.transaction().execute(async (trx) => {
        expect(await claimFormToken(trx, claimedAfter)).toBe(true);
        await recordMade(trx, claimedAfter, 41);
      });
      expect(await madeBy(claimedAfter, database)).toBe("41");

      // Undone, the tokens stay claimed without their ids.
      await submittedFormsRememberWhatTheyMade.down?.(database);
      const kept = await database.selectFrom("submitted_forms").selectAll().where("token", "in", [claimedBefore, claimedAfter]).orderBy("token").execute();
      expect(kept.map((row) => Object.keys(row).sort())).toEqual([["submitted_at", "token"], ["submitted_at", "token"]]);
    } finally {
      await database.destroy();
      await dropTestDatabase(url);
    }
  });
});
