// Core migration 0029: an enrolment keeps when it was completed, which the key metrics date a completion by.
// A database migrated up to the migration before, with completions recorded then, is migrated to the latest
// as `npm run db:migrate` does: a completion takes the moment of its completion event in the audit trail,
// however much later its row changed, or its `updated_at` when it has no event (a seed's); anything not
// completed has none. From then on the triggers date every writer's completion, and undoing it drops them.
import { Migrator, sql, type Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { createDb } from "../../db/connection";
import { coreMigrations } from "../../db/migrations";
import { enrolmentsCompletedAt } from "../../db/migrations/0029-enrolments-completed-at";
import type { Database } from "../../db/schema";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { newPerson } from "../support/new-person";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";

const THIS_MIGRATION = "0029-enrolments-completed-at";
const PREVIOUS = Object.keys(coreMigrations).filter((name) => name < THIS_MIGRATION).sort().at(-1)!;
const STAMP = "2026-04-01T09:00:00.000Z";

async function cohortWithPeople(database: Kysely<Database>, count: number) {
  await database.insertInto("programmes").values({ id: "migration-fixture", enabled: 1, updated_at: STAMP }).execute();
  const [team] = await database.insertInto("org_units").values({ kind: "team", code: "MIGTEAM", name: "Migration team", parent_id: null }).returning("id").execute();
  const people = Array.from({ length: count }, (_, i) => newPerson({ employee_number: `MIG${i}`, given_name: "Migrated", family_name: `Learner ${i}`, email: `migrated.${i}@example.test`, team_id: team.id }));
  const ids = (await database.insertInto("people").values(people).returning("id").execute()).map((r) => r.id);
  const [cohort] = await database
    .insertInto("cohorts")
    .values({ programme_id: "migration-fixture", name: "Migrated cohort", starts_on: "2026-01-12", ends_on: "2026-12-11", capacity: 10, enrolment_opens_on: null, enrolment_closes_on: null, venue: null, online_url: null, requires_manager_approval: 0, created_at: STAMP, updated_at: STAMP })
    .returning("id")
    .execute();
  return { cohortId: cohort.id, people: ids };
}

/** An enrolment as a database before 0029 holds it: no `completed_at`. */
async function enrolment(database: Kysely<Database>, cohortId: number, personId: number, status: "enrolled" | "completed", updatedAt: string) {
  const values = { cohort_id: cohortId, person_id: personId, status, waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: STAMP, updated_at: updatedAt };
  const [row] = await database.insertInto("enrolments").values(values).returning("id").execute();
  return row.id;
}

async function completionEvent(database: Kysely<Database>, enrolmentId: number, personId: number, occurredAt: string) {
  await database
    .insertInto("audit_events")
    .values({ occurred_at: occurredAt, actor_user_id: null, actor_person_id: null, action: "leadership.completed", subject_type: "enrolment", subject_id: String(enrolmentId), person_id: personId, before_json: null, after_json: JSON.stringify({ status: "completed" }) })
    .execute();
}

const completedAt = async (database: Kysely<Database>, id: number) => (await database.selectFrom("enrolments").select("completed_at").where("id", "=", id).executeTakeFirstOrThrow()).completed_at;

describe("migration 0029 on a database migrated before it", () => {
  it("dates each completion kept by its audit event, or its last change, and the triggers date those after", async () => {
    const url = await createTestDatabaseUrl();
    const database = createDb(url);
    try {
      const migrator = new Migrator({ db: database, provider: { getMigrations: async () => coreMigrations }, migrationTableName: "core_migrations", migrationLockTableName: "core_migrations_lock" });
      const { error } = await migrator.migrateTo(PREVIOUS);
      if (error) throw error;
      const { cohortId, people } = await cohortWithPeople(database, 4);
      // Completed in June, its row changed again in August.
      const changedSince = await enrolment(database, cohortId, people[0], "completed", "2026-08-10T09:00:00.000Z");
      await completionEvent(database, changedSince, people[0], "2026-06-20T10:00:00.000Z");
      // Completed with no event (a seed's), and one not completed.
      const seeded = await enrolment(database, cohortId, people[1], "completed", "2026-05-05T09:00:00.000Z");
      const current = await enrolment(database, cohortId, people[2], "enrolled", STAMP);

      await migrateDatabase(url, () => undefined);

      expect(await completedAt(database, changedSince)).toBe("2026-06-20T10:00:00.000Z");
      expect(await completedAt(database, seeded)).toBe("2026-05-05T09:00:00.000Z");
      expect(await completedAt(database, current)).toBeNull();

      // A writer that completes a place as the plugins do (status and `updated_at`) dates it with no change...
      await database.updateTable("enrolments").set({ status: "completed", updated_at: "2026-10-02T11:00:00.000Z" }).where("id", "=", current).execute();
      expect(await completedAt(database, current)).toBe("2026-10-02T11:00:00.000Z");
      // ...a later change to the row leaves the date alone...
      await database.updateTable("enrolments").set({ status: "completed", reason: "Reissued", updated_at: "2026-11-02T11:00:00.000Z" }).where("id", "=", current).execute();
      expect(await completedAt(database, current)).toBe("2026-10-02T11:00:00.000Z");
      // ...one written completed (a seed, an import) is dated by its row...
      const inserted = await enrolment(database, cohortId, people[3], "completed", "2026-09-09T09:00:00.000Z");
      expect(await completedAt(database, inserted)).toBe("2026-09-09T09:00:00.000Z");
      // ...and a place no longer completed has no date.
      await database.updateTable("enrolments").set({ status: "not_completed", updated_at: "2026-11-03T11:00:00.000Z" }).where("id", "=", inserted).execute();
      expect(await completedAt(database, inserted)).toBeNull();

      // Undone, the enrolments stay, without the column or its triggers.
      await enrolmentsCompletedAt.down?.(database);
      const kept = await database.selectFrom("enrolments").selectAll().where("id", "=", seeded).executeTakeFirstOrThrow();
      expect(Object.keys(kept)).not.toContain("completed_at");
      await sql`update enrolments set status = 'completed' where id = ${current}`.execute(database);
    } finally {
      await database.destroy();
      await dropTestDatabase(url);
    }
  });
});
