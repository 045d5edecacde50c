// Place requests that wait for L&D on /admin/requests: asked through requestPlace, as the portal asks one,
// by someone whose line manager in HR's record has no account, so nobody on their line can act on the
// portal. The people are made here, never demo accounts, so no other test's demo data changes.
import { requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { personIdOf } from "./fixtures";
import { newPerson } from "./new-person";
import { managerWithNoAccount } from "./no-manager-on-portal";

/** Employee numbers of the people made here, so a waiting request of theirs can be found again. */
const PREFIX = "NO-PORTAL-";

/** Asks for a place as the person, and fails loudly unless the request went to L&D. */
export async function askWithNoManagerOnPortal(personId: number, cohortId: number): Promise<number> {
  const asked = await requestPlace({ cohortId, personId, actor: { userId: null, personId } });
  if (!asked.ok) throw new Error(`The place request was refused: ${asked.error}`);
  if (asked.decider !== "learning_development") throw new Error(`The place request went to ${asked.decider ?? "nobody"}, not to L&D`);
  return asked.enrolmentId;
}

/**
 * A request waiting for L&D on Level 5's "Cohort 2" (which needs approval): one already waiting, or a new
 * one from someone new, as a test deciding one (a fuzzer, say) leaves none behind.
 */
export async function placeRequestForLearningTeam(): Promise<number> {
  const waiting = await db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .select("e.id")
    .where("e.status", "=", "requested")
    .where("p.employee_number", "like", `${PREFIX}%`)
    .orderBy("e.id")
    .executeTakeFirst();
  if (waiting) return waiting.id;
  const cohort = await db().selectFrom("cohorts").select("id").where("programme_id", "=", "leadership").where("name", "=", "Cohort 2").executeTakeFirstOrThrow();
  return askWithNoManagerOnPortal(await personWithNoManagerOnPortal(), cohort.id);
}

/** Someone new in the demo practitioner's team, whose only manager in HR's record has no account. */
async function personWithNoManagerOnPortal(): Promise<number> {
  const { team_id } = await db().selectFrom("people").select("team_id").where("id", "=", await personIdOf("practitioner")).executeTakeFirstOrThrow();
  const made = await db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("employee_number", "like", `${PREFIX}%`).executeTakeFirstOrThrow();
  const n = Number(made.n) + 1;
  const [asker] = await db()
    .insertInto("people")
    .values(newPerson({ employee_number: `${PREFIX}${n}`, given_name: "Rhian", family_name: `Unmanaged ${n}`, email: `no-portal-${n}@example.test`, team_id }, { line_manager_id: await managerWithNoAccount(team_id) }))
    .returning("id")
    .execute();
  return asker.id;
}
