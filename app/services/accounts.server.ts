// Sign-in accounts for people already in the staff records.
import type { Role } from "../../plugins/sdk";
import { hashPassword } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { personByEmployeeNumber } from "./employee-numbers.server";

export const MIN_PASSWORD_LENGTH = 12;

type Refusal = { ok: false; message: string };

export async function createAccount(employeeNumber: string, roles: Role[], password: string, actor: Actor = SYSTEM_ACTOR) {
  if (password.length < MIN_PASSWORD_LENGTH) return { ok: false as const, message: `The password must be at least ${MIN_PASSWORD_LENGTH} characters.` };
  const passwordHash = await hashPassword(password);
  return db().transaction().execute(async (trx): Promise<Refusal | { ok: true; email: string }> => {
    // The staff import changes people's emails, and their accounts' with them, under this lock: read after
    // it, the person's email is the one the account must have, and no import can move it meanwhile.
    await holdTransactionLock(trx, "staff-import");
    const typed = employeeNumber.trim();
    const found = await personByEmployeeNumber(trx, typed);
    if (found.ambiguous) return { ok: false, message: `${typed} could be employee ${found.ambiguous.join(" or ")}: type the number exactly as held. Nothing has changed.` };
    const person = found.person;
    if (!person) return { ok: false, message: `There is nobody with employee number ${typed}.` };
    const existing = await trx.selectFrom("users").select("id").where("person_id", "=", person.id).executeTakeFirst();
    if (existing) return { ok: false, message: `${person.email} already has an account.` };
    const email = person.email.toLowerCase();
    // Left by an import from before accounts followed their person's email: answered here, not by the unique key.
    const holder = await trx.selectFrom("users").innerJoin("people", "people.id", "users.person_id").select("people.employee_number").where("users.email", "=", email).executeTakeFirst();
    if (holder) {
      return { ok: false, message: `${email} is the email employee ${holder.employee_number} signs in with, so it cannot be ${person.employee_number}'s too. Nothing has changed.` };
    }
    const [user] = await trx.insertInto("users").values({ person_id: person.id, email, password_hash: passwordHash, created_at: new Date().toISOString() }).returning("id").execute();
    await trx.insertInto("user_roles").values(roles.map((role) => ({ user_id: user.id, role }))).execute();
    await recordAudit(actor, { action: "account.created", subjectType: "user", subjectId: user.id, personId: person.id, after: { roles } }, trx);
    return { ok: true, email: person.email };
  });
}
