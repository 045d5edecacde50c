// Sign-in accounts for people already in the staff records.
import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { Role } from "../../plugins/sdk";
import { hashPassword } from "../utils/auth.server";
import { db } from "../utils/db.server";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { recordAudit, SYSTEM_ACTOR, type Actor } from "./audit.server";

export const MIN_PASSWORD_LENGTH = 12;

type Refusal = { ok: false; message: string };

/**
 * The person an employee number names, typed in any case: the staff import stores numbers trimmed and in
 * capitals (staff-import-checks.server.ts), so "e100123" finds E100123. A number held exactly as typed
 * comes first. Migration 0013 left numbers that differ only in case ("old-2" and "OLD-2") as they were:
 * typed in neither's capitals, which of them is meant is not ours to guess, so both are named.
 */
async function personByEmployeeNumber(trx: Kysely<Database>, typed: string) {
  const columns = ["id", "email", "employee_number"] as const;
  const exact = await trx.selectFrom("people").select(columns).where("employee_number", "=", typed).executeTakeFirst();
  if (exact) return { person: exact };
  const inAnyCase = await heldInAnyCase(trx, typed);
  // Named in one order whatever the engine's collation.
  return inAnyCase.length > 1 ? { ambiguous: inAnyCase.map((p) => p.employee_number).sort() } : { person: inAnyCase[0] };
}

/** Past this many letters, a number's spellings are too many to look up one by one (2 to the power of it). */
const MOST_LETTERS_SPELLED = 10;

/**
 * Every way to write `typed` in small letters and capitals, or undefined past MOST_LETTERS_SPELLED letters.
 * Every number held is letters A to Z, digits and hyphens (the import has always checked it), so those
 * whose capitals are `typed`'s are among these spellings.
 */
function spellingsInAnyCase(typed: string) {
  const capitals = [...typed.toUpperCase()];
  const isLetter = (c: string) => c >= "A" && c <= "Z";
  if (capitals.filter(isLetter).length > MOST_LETTERS_SPELLED) return undefined;
  let spellings = [""];
  for (const c of capitals) spellings = isLetter(c) ? spellings.flatMap((s) => [s + c, s + c.toLowerCase()]) : spellings.map((s) => s + c);
  return spellings;
}

/**
 * The people an employee number names in any case. Looked up spelling by spelling, each through the
 * number's own index: upper(employee_number) has none, and comparing it read every person (62,579 at
 * national scale) whenever a number typed into a search was not held. Only a number of more letters than
 * are spelled out is compared so, and such numbers are rare.
 */
export async function heldInAnyCase(executor: Kysely<Database>, typed: string) {
  const people = executor.selectFrom("people").select(["id", "email", "employee_number"]);
  const spellings = spellingsInAnyCase(typed);
  if (!spellings) return people.where(sql<string>`upper(employee_number)`, "=", typed.toUpperCase()).execute();
  return people.where("employee_number", "in", spellings).execute();
}

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
