// Sign-in accounts for people already in the staff records.
import type { Role } from "../../plugins/sdk";
import { hashPassword } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";

export const MIN_PASSWORD_LENGTH = 12;

export async function createAccount(employeeNumber: string, roles: Role[], password: string, actor: Actor = SYSTEM_ACTOR) {
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false as const, message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters.` };
  const person = await db().selectFrom("people").select(["id", "email"]).where("employee_number", "=", employeeNumber).executeTakeFirst();
  if (!person) return { ok: false as const, message: `There is nobody with employee number ${employeeNumber}.` };
  const existing = await db().selectFrom("users").select("id").where("person_id", "=", person.id).executeTakeFirst();
  if (existing) return { ok: false as const, message: `${person.email} already has an account.` };
  const passwordHash = await hashPassword(password);
  await db().transaction().execute(async (trx) => {
    const [user] = await trx
      .insertInto("users")
      .values({ person_id: person.id, email: person.email.toLowerCase(), password_hash: passwordHash, created_at: new Date().toISOString() })
      .returning("id")
      .execute();
    await trx.insertInto("user_roles").values(roles.map((role) => ({ user_id: user.id, role }))).execute();
    await recordAudit(actor, { action: "account.created", subjectType: "user", subjectId: user.id, personId: person.id, after: { roles } }, trx);
  });
  return { ok: true as const, email: person.email };
}
