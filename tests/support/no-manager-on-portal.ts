// A line manager in HR's record who has no account on the portal, for a test to put above someone so that
// nobody on their line can act there. Made here, never a demo account, so no other test's demo data changes.
import { db } from "../../app/utils/db.server";
import { newPerson } from "./new-person";

/** Employee numbers of the managers made here: numbered by how many there are, so each call makes a new one. */
const PREFIX = "NO-ACCOUNT-";

/** A new team manager in the team, at the top of their own line in HR's record and with no account: their id. */
export async function managerWithNoAccount(teamId: number): Promise<number> {
  const made = await db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("employee_number", "like", `${PREFIX}%`).executeTakeFirstOrThrow();
  const n = Number(made.n) + 1;
  const [manager] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: `${PREFIX}${n}`, given_name: "Nia", family_name: `Offline ${n}`, email: `no-account-${n}@example.test`, team_id: teamId }, { job_title: "Team Manager", role_category: "team_manager" }))
    .returning("id")
    .execute();
  return manager.id;
}
