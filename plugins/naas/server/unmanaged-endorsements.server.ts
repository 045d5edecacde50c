// Endorsement requests from people with nobody on their line who can act on the portal. Left for a
// manager they would wait for ever, so L&D (those who may run assessment windows) endorse them, as the
// core's L&D decide such people's place requests.
import { managedOnPortal, managerCanAct } from "../../../app/services/manager-on-portal.server";
import { can, managesPerson, peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import type { Viewer } from "../../sdk";
import { asHost, naasDb } from "./db.server";

/** Enough for the list on L&D's NAAS page: such requests are few, as HR's record names a manager for almost everyone. */
const SHOWN = 50;

/**
 * Whether the viewer may decide this person's endorsement: their line manager, or L&D while nobody on the
 * person's line can act on the portal. Never their own.
 */
export async function mayEndorse(viewer: Viewer, personId: number) {
  if (personId === viewer.personId) return false;
  if (await managesPerson(viewer, personId)) return true;
  return can(viewer, "cohorts.manage") && !(await managerCanAct(personId));
}

/** The requests waiting for L&D, oldest first: of people in the viewer's scope, never their own. */
export async function endorsementsWaitingForLearningTeam(viewer: Viewer) {
  if (!can(viewer, "cohorts.manage")) return [];
  const asking = naasDb().selectFrom("naas_candidates").select("person_id").where("endorsement_requested_at", "is not", null).where("endorsement", "is", null);
  const scope = peopleScope(viewer);
  return naasDb()
    .selectFrom("naas_candidates as c")
    .innerJoin("people as p", "p.id", "c.person_id")
    .select(["c.person_id", "c.track", "c.endorsement_requested_at", "p.given_name", "p.family_name"])
    .where("c.endorsement_requested_at", "is not", null)
    .where("c.endorsement", "is", null)
    .where("c.person_id", "<>", viewer.personId)
    .$if(scope.kind !== "everyone", (qb) => qb.where("c.person_id", "in", scopedPeople(scope).select("people.id")))
    .where("c.person_id", "not in", managedOnPortal(asHost(naasDb()), asking))
    .orderBy("c.endorsement_requested_at")
    .orderBy("c.person_id")
    .limit(SHOWN)
    .execute();
}
