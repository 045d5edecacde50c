// Who decides a learner's request for a place on a run that needs approval: their manager, or L&D when
// nobody on their line can act on the portal (the core's rule). The words for a waiting request follow it,
// so a learner with no manager on the portal is not told to wait for one.
import { managedOnPortal } from "../../../app/services/manager-on-portal.server";
import { db } from "../../../app/utils/db.server";

/** Of these people, those whose requests L&D decide: one query for a page's learners, never one a person. */
export async function decidedByLearningTeam(personIds: number[]): Promise<Set<number>> {
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return new Set();
  const managed = new Set((await managedOnPortal(db(), unique).execute()).map((r) => r.person_id));
  return new Set(unique.filter((id) => !managed.has(id)));
}

/** The status key for a booking: a waiting request names who it waits for. */
export const statusKey = (status: string, learningTeamDecides: boolean) => (status === "requested" && learningTeamDecides ? "requestedToLearningTeam" : status);
