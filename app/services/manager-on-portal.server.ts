// Whether anyone up a person's line can act for them on the portal. HR's record may name a manager who
// has no account yet, or whose account cannot manage; a request left with them would wait for ever, so
// progression requests and place requests both send such a person's request to L&D instead.
import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "../utils/db.server";

type LineDb = Kysely<Database & { line: { person_id: number; manager_id: number | null } }>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table's person_id column will do
type PersonIds = number[] | SelectQueryBuilder<Database, any, { person_id: number }>;

/**
 * Those of `personIds` whom a line manager can act for on the portal, by the rule `managesPerson` applies:
 * someone anywhere above them (not themself) with an active account holding the manager role. Read upwards
 * from the people asked about, so it costs the length of their lines; UNION stops at a loop in HR's data.
 */
export function managedOnPortal(from: Kysely<Database>, personIds: PersonIds) {
  return (from as unknown as LineDb)
    .withRecursive("line(person_id, manager_id)", (qb) =>
      qb
        .selectFrom("people")
        .select(["people.id as person_id", "people.line_manager_id as manager_id"])
        .where("people.id", "in", personIds)
        .union(qb.selectFrom("line").innerJoin("people", "people.id", "line.manager_id").select(["line.person_id", "people.line_manager_id as manager_id"])),
    )
    .selectFrom("line")
    .select("line.person_id")
    .whereRef("line.manager_id", "<>", "line.person_id")
    .where("line.manager_id", "in", (qb) =>
      qb.selectFrom("users").innerJoin("user_roles", "user_roles.user_id", "users.id").select("users.person_id").where("users.disabled", "=", 0).where("user_roles.role", "=", "manager"),
    );
}

/** Whether anyone up the person's line can decide their requests on the portal. */
export async function managerCanAct(personId: number, from: Kysely<Database> = db()) {
  return (await managedOnPortal(from, [personId]).executeTakeFirst()) !== undefined;
}
