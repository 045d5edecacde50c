// The demo organisation in the test database, and helpers to act as its people.
import { sql } from "kysely";
import { seed, DEMO_PASSWORD } from "../../db/seed";
import { installedPlugins } from "../../app/plugins.server";
import { hashPassword, startSession } from "../../app/utils/auth.server";
import { db } from "../../app/utils/db.server";

export type DemoAccount = "practitioner" | "asye" | "manager" | "serviceManager" | "ld" | "admin";

export const DEMO_EMAILS: Record<DemoAccount, string> = {
  practitioner: "practitioner@demo.test",
  asye: "asye@demo.test",
  manager: "manager@demo.test",
  serviceManager: "service.manager@demo.test",
  ld: "ld@demo.test",
  admin: "admin@demo.test",
};

let passwordHash: Promise<string> | undefined;

export async function seedDemo() {
  passwordHash ??= hashPassword(DEMO_PASSWORD);
  await seed(db(), { scale: "demo", plugins: installedPlugins(), passwordHash: await passwordHash, progress: () => undefined });
}

export async function personIdOf(account: DemoAccount) {
  const row = await db().selectFrom("people").select("id").where("email", "=", DEMO_EMAILS[account]).executeTakeFirstOrThrow();
  return row.id;
}

export async function userIdOf(account: DemoAccount) {
  const row = await db().selectFrom("users").select("id").where("email", "=", DEMO_EMAILS[account]).executeTakeFirstOrThrow();
  return row.id;
}

/** The Cookie header of a fresh session for a demo account. */
export async function cookieFor(account: DemoAccount) {
  const setCookie = await startSession(await userIdOf(account));
  return setCookie.split(";")[0];
}

/** A GET or POST Request as a demo account, for calling loaders and actions directly. */
export async function requestAs(account: DemoAccount | null, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (account) headers.set("Cookie", await cookieFor(account));
  return new Request(`http://localhost${path}`, { ...init, headers });
}

export async function countRows(table: "people" | "audit_events" | "users") {
  const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db());
  return Number(row.rows[0].n);
}

/** A person outside the manager's line, for "other team" checks. */
export async function personOutsideLineOf(managerPersonId: number) {
  const row = await sql<{ id: number }>`
    with recursive reports(id) as (
      select id from people where line_manager_id = ${managerPersonId}
      union select p.id from people p join reports r on p.line_manager_id = r.id)
    select id from people where id not in (select id from reports) and id <> ${managerPersonId} order by id limit 1`.execute(db());
  return row.rows[0].id;
}
