// Place requests from people with nobody on their line who can act on the portal. Left for a manager, they
// would wait for ever, so L&D (those who may run cohorts) decide them, on /admin/requests.
import type { Viewer } from "../../plugins/sdk";
import { db } from "../utils/db.server";
import { pageWindow } from "../utils/paging.server";
import { can, canSeePerson, peopleScope, scopedPeople } from "../utils/permissions.server";
import { managedOnPortal, managerCanAct } from "./manager-on-portal.server";
import { PAGE_SIZE } from "./people.server";
import { placeRequestById } from "./requests.server";

/**
 * The waiting requests this viewer may decide: of people in their scope, never their own, on a programme
 * that is switched on, where no manager up the person's line can act. Those asked before this rule are
 * found the same way, as nothing is stored about who decides.
 */
function unmanagedQueue(viewer: Viewer) {
  const asking = db().selectFrom("enrolments").select("person_id").where("status", "=", "requested");
  const scope = peopleScope(viewer);
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("programmes as prog", "prog.id", "c.programme_id")
    .innerJoin("people as p", "p.id", "e.person_id")
    .where("e.status", "=", "requested")
    .where("prog.enabled", "=", 1)
    .where("e.person_id", "<>", viewer.personId)
    // Everyone's scope is left out, not asked as "among all people": asked, SQLite read all 62,579 people
    // at national scale to find the few waiting requests, where it otherwise starts from their index.
    .$if(scope.kind !== "everyone", (qb) => qb.where("e.person_id", "in", scopedPeople(scope).select("people.id")))
    .where("e.person_id", "not in", managedOnPortal(db(), asking));
}

/**
 * A page of them, oldest first (ties by id), with how many there are in all. A page past the last shows
 * the last, so a link kept from before some were decided still lands on requests.
 */
export async function unmanagedRequests(viewer: Viewer, requestedPage: number) {
  const total = await unmanagedCount(viewer);
  const { page, pageCount, offset, limit } = pageWindow(total, requestedPage, PAGE_SIZE);
  const rows = await unmanagedQueue(viewer)
    .select(["e.id", "e.created_at", "p.given_name", "p.family_name", "c.name as cohort_name", "c.starts_on", "c.programme_id"])
    .orderBy("e.created_at")
    .orderBy("e.id")
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows, total, page, pageCount };
}

/** How many wait for L&D: the count /admin shows, and the list's. */
export async function unmanagedCount(viewer: Viewer) {
  const count = await unmanagedQueue(viewer).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(count.n);
}

/**
 * The request, whatever its status, for one who may run cohorts and see the person, never their own;
 * otherwise undefined. It waits for them only while no manager on the person's line can act.
 */
export async function requestForLearningTeam(viewer: Viewer, enrolmentId: number) {
  if (!can(viewer, "cohorts.manage")) return undefined;
  const row = await placeRequestById(enrolmentId);
  if (!row || row.person_id === viewer.personId || !(await canSeePerson(viewer, row.person_id))) return undefined;
  const managerDecides = row.status === "requested" && (await managerCanAct(row.person_id));
  return { ...row, managerDecides, waiting: row.status === "requested" && !managerDecides };
}
