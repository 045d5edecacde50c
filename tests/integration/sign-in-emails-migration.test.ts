// Core migration 0026: accounts an import left signing in with an email their person no longer has (imports
// from before accounts followed) are given their person's email as sign-in reads it, each audited as the
// import audits it, by the system; one whose address another account keeps signing in with is left, and
// named with why. A database migrated up to the migration before, with such accounts, is migrated to the
// latest as `npm run db:migrate` does; running it again changes nothing.
import { Migrator, type Kysely } from "kysely";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as login from "../../app/routes/login";
import { hashPassword } from "../../app/utils/auth.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { createDb } from "../../db/connection";
import { coreMigrations } from "../../db/migrations";
import { signInEmailsFollowPeople } from "../../db/migrations/0026-sign-in-emails-follow-people";
import type { Database } from "../../db/schema";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";

const THIS_MIGRATION = "0026-sign-in-emails-follow-people";
const PREVIOUS = Object.keys(coreMigrations).filter((name) => name < THIS_MIGRATION).sort().at(-1)!;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A database migrated as one was before this migration: core up to the one before it, no plugins yet. */
async function databaseBeforeThisMigration(url: string) {
  const database = createDb(url);
  const migrator = new Migrator({ db: database, provider: { getMigrations: async () => coreMigrations }, migrationTableName: "core_migrations", migrationLockTableName: "core_migrations_lock" });
  const { error } = await migrator.migrateTo(PREVIOUS);
  if (error) throw error;
  return database;
}

/** People, and accounts signing in with the addresses given: [employee, the person's email, the account's]. */
async function peopleWithAccounts(database: Kysely<Database>, people: [string, string, string | null][]) {
  const [team] = await database.insertInto("org_units").values({ parent_id: null, kind: "team", code: "MIG-T", name: "Migration team" }).returning("id").execute();
  const now = new Date().toISOString();
  for (const [employee, email, accountEmail] of people) {
    const [person] = await database.insertInto("people").values(newPerson({ employee_number: employee, given_name: "Out", family_name: `Of Step ${employee}`, email, team_id: team.id })).returning("id").execute();
    if (accountEmail) await database.insertInto("users").values({ person_id: person.id, email: accountEmail, password_hash: "not-a-hash", created_at: now }).execute();
  }
}

const accounts = (database: Kysely<Database>) =>
  database.selectFrom("users").innerJoin("people", "people.id", "users.person_id").select(["people.employee_number", "users.email"]).orderBy("people.employee_number").execute();

const emailEvents = (database: Kysely<Database>) =>
  database
    .selectFrom("audit_events")
    .innerJoin("people", "people.id", "audit_events.person_id")
    .innerJoin("users", "users.person_id", "people.id")
    .select(["people.employee_number", "audit_events.subject_type", "audit_events.subject_id", "users.id as user_id", "audit_events.actor_user_id", "audit_events.actor_person_id", "audit_events.before_json", "audit_events.after_json"])
    .where("audit_events.action", "=", "account.email_changed")
    .orderBy("people.employee_number")
    .execute();

describe("migration 0026 on a database migrated before it", () => {
  it("gives accounts their people's emails as sign-in reads them, audited, and leaves one whose address another account keeps", async () => {
    const url = await createTestDatabaseUrl();
    const database = await databaseBeforeThisMigration(url);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    try {
      await peopleWithAccounts(database, [
        // Moved on by an import; the account kept the old address.
        ["MS-01", "new.one@council.example", "old.one@council.example"],
        // Written in capitals by an older import: the account signs in with it already.
        ["MS-02", "Mixed.Case@Council.example", "mixed.case@council.example"],
        // An account sign-in could never find.
        ["MS-03", "upper@council.example", "Upper@council.example"],
        // MS-04 is given the address MS-05's account signed in with; MS-05 moved on too.
        ["MS-04", "chain.old@council.example", "chain.older@council.example"],
        ["MS-05", "chain.new@council.example", "chain.old@council.example"],
        // MS-07's account signs in with MS-06's address, as MS-07's own email read as sign-in reads it.
        ["MS-06", "taken@council.example", "ms-06.old@council.example"],
        ["MS-07", "Taken@Council.example", "taken@council.example"],
        // Each account signs in with the other's person's email.
        ["MS-08", "swap.b@council.example", "swap.a@council.example"],
        ["MS-09", "swap.a@council.example", "swap.b@council.example"],
        // Two people's emails that differ only in capitals.
        ["MS-10", "twin@council.example", "ms-10.old@council.example"],
        ["MS-11", "TWIN@council.example", "ms-11.old@council.example"],
        // In step, and without an account.
        ["MS-12", "in.step@council.example", "in.step@council.example"],
        ["MS-13", "no.account@council.example", null],
      ]);

      await migrateDatabase(url, () => undefined);

      const migrated = await accounts(database);
      expect(migrated).toEqual([
        { employee_number: "MS-01", email: "new.one@council.example" },
        { employee_number: "MS-02", email: "mixed.case@council.example" },
        { employee_number: "MS-03", email: "upper@council.example" },
        { employee_number: "MS-04", email: "chain.old@council.example" },
        { employee_number: "MS-05", email: "chain.new@council.example" },
        { employee_number: "MS-06", email: "ms-06.old@council.example" },
        { employee_number: "MS-07", email: "taken@council.example" },
        { employee_number: "MS-08", email: "swap.a@council.example" },
        { employee_number: "MS-09", email: "swap.b@council.example" },
        { employee_number: "MS-10", email: "ms-10.old@council.example" },
        { employee_number: "MS-11", email: "ms-11.old@council.example" },
        { employee_number: "MS-12", email: "in.step@council.example" },
      ]);

      const events = await emailEvents(database);
      expect(events.map((e) => e.employee_number)).toEqual(["MS-01", "MS-03", "MS-04", "MS-05"]);
      for (const e of events) expect(e).toMatchObject({ subject_type: "user", subject_id: String(e.user_id), actor_user_id: null, actor_person_id: null });
      expect(events.map((e) => [JSON.parse(e.before_json!), JSON.parse(e.after_json!)])).toEqual([
        [{ email: "old.one@council.example" }, { email: "new.one@council.example", source: "import" }],
        [{ email: "Upper@council.example" }, { email: "upper@council.example", source: "import" }],
        [{ email: "chain.older@council.example" }, { email: "chain.old@council.example", source: "import" }],
        [{ email: "chain.old@council.example" }, { email: "chain.new@council.example", source: "import" }],
      ]);

      expect(warnings.mock.calls.map(([line]) => line)).toEqual([
        "Migration 0026 left employee MS-06's account signing in with an address other than their email: employee MS-07's account signs in with their email.",
        "Migration 0026 left employee MS-08's account signing in with an address other than their email: employee MS-09's account signs in with their email.",
        "Migration 0026 left employee MS-09's account signing in with an address other than their email: employee MS-08's account signs in with their email.",
        "Migration 0026 left employee MS-10's account signing in with an address other than their email: employee MS-11 has the same email in other capitals.",
        "Migration 0026 left employee MS-11's account signing in with an address other than their email: employee MS-10 has the same email in other capitals.",
      ]);

      // Run again, it finds nothing more to change.
      await signInEmailsFollowPeople.up(database);
      expect(await accounts(database)).toEqual(migrated);
      expect(await emailEvents(database)).toHaveLength(events.length);
    } finally {
      await database.destroy();
      await dropTestDatabase(url);
    }
  });
});

describe("migration 0026 at scale", () => {
  it("moves over a thousand accounts in a few statements, and each then signs in with its person's email", async () => {
    await seedDemo();
    const { team_id } = await db().selectFrom("people").select("team_id").limit(1).executeTakeFirstOrThrow();
    const count = 1200;
    const people = await db()
      .insertInto("people")
      .values(Array.from({ length: count }, (_, n) => newPerson({ employee_number: `MSB-${n}`, given_name: "Many", family_name: `Accounts ${n}`, email: `msb-${n}@new-council.example`, team_id })))
      .returning("id")
      .execute();
    const passwordHash = await hashPassword("a long enough password");
    const now = new Date().toISOString();
    for (let i = 0; i < count; i += 200) {
      await db().insertInto("users").values(people.slice(i, i + 200).map((p, j) => ({ person_id: p.id, email: `msb-${i + j}@old-council.example`, password_hash: passwordHash, created_at: now }))).execute();
    }

    const writes: string[] = [];
    const stop = observeQueries((statement) => /^\s*(update\s+"?users"?|insert\s+into\s+"?audit_events"?)\s/i.test(statement) && writes.push(statement));
    try {
      await signInEmailsFollowPeople.up(db());
    } finally {
      stop();
    }
    expect(writes.length).toBeGreaterThan(0);
    expect(writes.length).toBeLessThanOrEqual(2 * Math.ceil(count / 500));
    const moved = await db().selectFrom("users").select("email").where("person_id", "in", people.map((p) => p.id)).where("email", "like", "%@new-council.example").execute();
    expect(moved).toHaveLength(count);
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "account.email_changed").where("person_id", "in", people.map((p) => p.id)).execute();
    expect(audited).toHaveLength(count);

    const signIn = (email: string) =>
      run(
        login.action,
        new Request("http://localhost/login", {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Pathways-Client-Address": "192.0.2.60" },
          body: new URLSearchParams({ email, password: "a long enough password" }),
        }),
      );
    expect((await signIn("MSB-7@New-Council.example")).status).toBe(302);
    expect((await signIn("msb-8@old-council.example")).status).toBe(400);
  });
});
