// Sign-in looks an account up by its own email. When HR's file changes someone's email, their account's
// changes with it, so they sign in with the new address and the old one can be given to someone else; an
// address an account still signs in with (left by imports from before) is given to nobody else, by the
// import or by `npm run user:create`.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import * as importRoute from "../../app/routes/admin.people.import";
import * as login from "../../app/routes/login";
import { createAccount } from "../../app/services/accounts.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { importStaff } from "../../app/services/staff-import.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { whenFirstRead } from "../support/competing-change";
import { failsWhileAuditFails } from "../support/failing-audit";
import { countRows, personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { run } from "../support/route";
import { managerNumber, staffCsv, type StaffLine } from "../support/staff-csv";

beforeAll(seedDemo);

const PASSWORD = "a long enough password";

function signIn(email: string, address: string) {
  return run(
    login.action,
    new Request("http://localhost/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Pathways-Client-Address": address },
      body: new URLSearchParams({ email, password: PASSWORD }),
    }),
  );
}

async function importAs(lines: StaffLine[]) {
  const form = new FormData();
  form.set("file", new File([staffCsv(lines)], "staff.csv", { type: "text/csv" }));
  return run(importRoute.action, await requestAs("ld", "/admin/people/import", { method: "POST", body: form }));
}

/** People from the file, each with an account signing in with the email the file gives them. */
async function withAccounts(lines: StaffLine[]) {
  expect(await importStaff(staffCsv(lines), SYSTEM_ACTOR)).toMatchObject({ ok: true });
  for (const { employee } of lines) expect(await createAccount(employee, ["practitioner"], PASSWORD)).toMatchObject({ ok: true });
}

const accountEmailOf = async (employee: string) =>
  (await db().selectFrom("users").innerJoin("people", "people.id", "users.person_id").select("users.email").where("people.employee_number", "=", employee).executeTakeFirstOrThrow()).email;

const personEmailOf = async (employee: string) => (await db().selectFrom("people").select("email").where("employee_number", "=", employee).executeTakeFirstOrThrow()).email;

/** What an import from before accounts followed left: the person's email moved on, their account's did not. */
async function leftBehind(employee: string, personEmail: string) {
  await db().updateTable("people").set({ email: personEmail }).where("employee_number", "=", employee).execute();
}

describe("an import that changes an account holder's email", () => {
  it("moves their sign-in to the new address, not the old, audited before and after as the importer's change", async () => {
    const manager = await managerNumber();
    await withAccounts([{ employee: "SE-1", manager, email: "sam.evans@old-council.example" }]);
    expect((await signIn("sam.evans@old-council.example", "192.0.2.10")).status).toBe(302);

    const outcome = await importAs([{ employee: "SE-1", manager, email: "Sam.Evans@New-Council.example" }]);
    expect(outcome.data).toMatchObject({ kind: "done", updated: 1 });
    expect(await accountEmailOf("SE-1")).toBe("sam.evans@new-council.example");
    expect((await signIn("sam.evans@new-council.example", "192.0.2.11")).status).toBe(302);
    const old = await signIn("sam.evans@old-council.example", "192.0.2.12");
    expect(old.status).toBe(400);
    expect((old.data as { error: Record<string, string[]> }).error[""]).toEqual(["login.errors.invalid"]);

    const person = await db().selectFrom("people").select("id").where("employee_number", "=", "SE-1").executeTakeFirstOrThrow();
    const events = await db().selectFrom("audit_events").selectAll().where("action", "=", "account.email_changed").where("person_id", "=", person.id).execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ subject_type: "user", actor_person_id: await personIdOf("ld") });
    expect(JSON.parse(events[0].before_json!)).toEqual({ email: "sam.evans@old-council.example" });
    expect(JSON.parse(events[0].after_json!)).toEqual({ email: "sam.evans@new-council.example", source: "import" });
  });

  it("changes the account and the person together or not at all: when the audit cannot be written, neither changes", async () => {
    const manager = await managerNumber();
    await withAccounts([{ employee: "SE-2", manager, email: "se-2@old-council.example" }]);
    const failed = await failsWhileAuditFails(() => importStaff(staffCsv([{ employee: "SE-2", manager, email: "se-2@new-council.example" }]), SYSTEM_ACTOR), "account.email_changed");
    expect(failed).toBe(true);
    expect([await personEmailOf("SE-2"), await accountEmailOf("SE-2")]).toEqual(["se-2@old-council.example", "se-2@old-council.example"]);
  });

  it("changes over a thousand accounts in a few statements, each to its person's new email", async () => {
    const manager = await managerNumber();
    const employees = Array.from({ length: 1200 }, (_, n) => `SEB-${String(n).padStart(4, "0")}`);
    expect(await importStaff(staffCsv(employees.map((employee) => ({ employee, manager }))), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 1200 });
    // Accounts written directly: hashing 1,200 passwords would be the whole of the test's time.
    const people = await db().selectFrom("people").select(["id", "email"]).where("employee_number", "like", "SEB-%").execute();
    const now = new Date().toISOString();
    for (let i = 0; i < people.length; i += 200) {
      await db().insertInto("users").values(people.slice(i, i + 200).map((p) => ({ person_id: p.id, email: p.email, password_hash: "not-a-hash", created_at: now }))).execute();
    }
    const updates: string[] = [];
    const stop = observeQueries((statement) => /^\s*update\s+"?users"?\s/i.test(statement) && updates.push(statement));
    try {
      const outcome = await importStaff(staffCsv(employees.map((employee) => ({ employee, manager, email: `${employee.toLowerCase()}@new-council.example` }))), SYSTEM_ACTOR);
      expect(outcome).toMatchObject({ ok: true, updated: 1200 });
    } finally {
      stop();
    }
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(1200 / 500));
    const accounts = await db().selectFrom("users").innerJoin("people", "people.id", "users.person_id").select(["people.employee_number", "users.email"]).where("people.employee_number", "like", "SEB-%").orderBy("people.employee_number").execute();
    expect(accounts).toEqual(employees.map((employee) => ({ employee_number: employee, email: `${employee.toLowerCase()}@new-council.example` })));
    const audited = await db().selectFrom("audit_events").select("id").where("action", "=", "account.email_changed").where("person_id", "in", people.map((p) => p.id)).execute();
    expect(audited).toHaveLength(1200);
  });
});

describe("an address an account still signs in with", () => {
  it("is refused on its line to a new person or to someone else held already, and the file changes nothing", async () => {
    const manager = await managerNumber();
    await withAccounts([{ employee: "DA-1", manager, email: "dana.ash@old-council.example" }]);
    await leftBehind("DA-1", "dana.ash@new-council.example");
    expect(await importStaff(staffCsv([{ employee: "DA-3", manager }]), SYSTEM_ACTOR)).toMatchObject({ ok: true });
    const counts = async () => [await countRows("people"), await countRows("users"), await countRows("audit_events")];
    const before = await counts();

    const toNewPerson = await importStaff(staffCsv([{ employee: "DA-2", manager, email: "dana.ash@old-council.example" }, { employee: "DA-4", manager }]), SYSTEM_ACTOR);
    expect(toNewPerson).toEqual({ ok: false, rows: 2, problems: [{ line: 2, column: "email", key: "import.errors.emailSignsIn", values: { employee: "DA-1" } }] });
    const toHeldPerson = await importStaff(staffCsv([{ employee: "DA-4", manager }, { employee: "DA-3", manager, email: "Dana.Ash@Old-Council.example" }]), SYSTEM_ACTOR);
    expect(toHeldPerson).toEqual({ ok: false, rows: 2, problems: [{ line: 3, column: "email", key: "import.errors.emailSignsIn", values: { employee: "DA-1" } }] });
    expect(await counts()).toEqual(before);
    expect(await personEmailOf("DA-3")).toBe("da-3@council.example");

    // Their own account's address is theirs to be given back.
    expect(await importStaff(staffCsv([{ employee: "DA-1", manager, email: "dana.ash@old-council.example" }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, updated: 1 });
    expect([await personEmailOf("DA-1"), await accountEmailOf("DA-1")]).toEqual(["dana.ash@old-council.example", "dana.ash@old-council.example"]);
  });

  it("is refused by the check under the import's lock when an account comes to hold it after the first check", async () => {
    const manager = await managerNumber();
    await withAccounts([{ employee: "DL-1", manager, email: "dl-1@council.example" }]);
    const people = await countRows("people");
    const outcome = await whenFirstRead(
      /from "users" inner join "people"/,
      () => db().updateTable("users").set({ email: "dl-2@council.example" }).where("email", "=", "dl-1@council.example").execute(),
      () => importStaff(staffCsv([{ employee: "DL-2", manager }]), SYSTEM_ACTOR),
    );
    expect(outcome).toEqual({ ok: false, rows: 1, problems: [{ line: 2, column: "email", key: "import.errors.emailSignsIn", values: { employee: "DL-1" } }] });
    expect(await countRows("people")).toBe(people);
  });

  it("is refused by npm run user:create in words, naming who signs in with it, and no account is made", { timeout: 90_000 }, async () => {
    const manager = await managerNumber();
    await withAccounts([{ employee: "CA-1", manager, email: "casey.ahmed@old-council.example" }]);
    await leftBehind("CA-1", "casey.ahmed@new-council.example");
    // Given to someone else, as the import did before it read accounts.
    const team = (await db().selectFrom("people").select("team_id").where("employee_number", "=", "CA-1").executeTakeFirstOrThrow()).team_id;
    await db().insertInto("people").values(newPerson({ employee_number: "CA-2", given_name: "Chris", family_name: "Adams", email: "casey.ahmed@old-council.example", team_id: team })).execute();
    const users = await countRows("users");
    const message = "casey.ahmed@old-council.example is the email employee CA-1 signs in with, so it cannot be CA-2's too. Nothing has changed.";

    expect(await createAccount("CA-2", ["practitioner"], PASSWORD)).toEqual({ ok: false, message });
    const root = path.resolve(__dirname, "../..");
    const env = { ...process.env, PATHWAYS_NEW_PASSWORD: PASSWORD };
    const refused = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/create-user.ts", "--employee", "CA-2", "--role", "practitioner"], { cwd: root, env }).catch((e) => e);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(message);
    expect(await countRows("users")).toBe(users);
  });
});
