// `npm run user:create` finds the person whatever the case of the employee number typed, and whatever spaces
// surround it: the staff import stores numbers in capitals, so a number typed as HR's file wrote it ("e-1")
// found nobody. A number migration 0013 left in other capitals is still found as it is held.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../app/services/accounts.server";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { importStaff } from "../../app/services/staff-import.server";
import { db } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";
import { newPerson } from "../support/new-person";
import { managerNumber, staffCsv } from "../support/staff-csv";

beforeAll(seedDemo);

const PASSWORD = "a long enough password";
const root = path.resolve(__dirname, "../..");

const accountOf = (employee: string) =>
  db().selectFrom("users").innerJoin("people", "people.id", "users.person_id").select(["users.email", "users.id"]).where("people.employee_number", "=", employee).executeTakeFirst();

function createUser(employee: string) {
  const env = { ...process.env, PATHWAYS_NEW_PASSWORD: PASSWORD };
  return promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/create-user.ts", "--employee", employee, "--role", "practitioner"], { cwd: root, env }).catch((e) => e);
}

describe("an account for someone the staff import added", () => {
  it("is made whatever the case of the number typed and the spaces around it, and audited against them", async () => {
    const manager = await managerNumber();
    expect(await importStaff(staffCsv([{ employee: "cu-1", manager }, { employee: "Cu-2", manager }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 2 });

    expect(await createAccount("  cu-1 ", ["practitioner"], PASSWORD)).toEqual({ ok: true, email: "cu-1@council.example" });
    const account = await accountOf("CU-1");
    expect(account?.email).toBe("cu-1@council.example");
    const created = await db().selectFrom("audit_events").innerJoin("people", "people.id", "audit_events.person_id").select("people.employee_number").where("action", "=", "account.created").where("subject_id", "=", String(account!.id)).execute();
    expect(created).toEqual([{ employee_number: "CU-1" }]);

    expect(await createAccount("cU-2", ["practitioner"], PASSWORD)).toMatchObject({ ok: true });
    expect((await accountOf("CU-2"))?.email).toBe("cu-2@council.example");
  });

  it("names the number as typed, without its spaces, when nobody holds it", async () => {
    expect(await createAccount(" nobody-9 ", ["practitioner"], PASSWORD)).toEqual({ ok: false, message: "There is nobody with employee number nobody-9." });
  });

  it("is made for the number held exactly as typed when 0013 left another in other capitals, and refused when typed as neither", async () => {
    const { team_id } = await db().selectFrom("people").select("team_id").limit(1).executeTakeFirstOrThrow();
    await db()
      .insertInto("people")
      .values([
        newPerson({ employee_number: "old-2", given_name: "Lower", family_name: "Case", email: "lower.old-2@council.example", team_id }),
        newPerson({ employee_number: "OLD-2", given_name: "Upper", family_name: "Case", email: "upper.old-2@council.example", team_id }),
      ])
      .execute();
    expect(await createAccount("old-2", ["practitioner"], PASSWORD)).toEqual({ ok: true, email: "lower.old-2@council.example" });
    expect(await createAccount(" Old-2", ["practitioner"], PASSWORD)).toEqual({ ok: false, message: "Old-2 could be employee OLD-2 or old-2: type the number exactly as held. Nothing has changed." });
    expect(await createAccount("OLD-2", ["practitioner"], PASSWORD)).toEqual({ ok: true, email: "upper.old-2@council.example" });
  });

  it("is made by npm run user:create for a number typed in lower case with spaces; blank is a usage error", { timeout: 90_000 }, async () => {
    const manager = await managerNumber();
    expect(await importStaff(staffCsv([{ employee: "CU-3", manager }]), SYSTEM_ACTOR)).toMatchObject({ ok: true, created: 1 });
    const created = await createUser(" cu-3 ");
    expect(created.stdout).toContain("Created an account for cu-3@council.example with roles practitioner.");
    expect((await accountOf("CU-3"))?.email).toBe("cu-3@council.example");
    expect((await createUser("   ")).code).toBe(2);
  });
});
