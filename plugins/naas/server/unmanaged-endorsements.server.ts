// Endorsement requests from people with nobody on their line who can act on the portal. Left for a
// manager they would wait for ever, so L&D (those who may run assessment windows) endorse them, as the
// core's L&D decide such people's place requests.
import { managedOnPortal, managerCanAct } from "../../../app/services/manager-on-portal.server";
import { chunks } from "../../../app/services/readiness.server";
import { can, managesPerson, peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import type { Viewer } from "../../sdk";
import { asHost, naasDb } from "./db.server";
import { pageWindow } from "../../../app/utils/paging.server";

/** How many requests the list of those waiting for L&D shows a page. */
export const WAITING_PAGE_SIZE = 25;

/**
 * Whether the viewer may decide this person's endorsement: their line manager, or L&D while nobody on the
 * person's line can act on the portal. Never their own.
 */
export async function mayEndorse(viewer: Viewer, personId: number) {
  if (personId === viewer.personId) return false;
  if (await managesPerson(viewer, personId)) return true;
  return can(viewer, "cohorts.manage") && !(await managerCanAct(personId));
}

/**
 * Those of `personIds` whose endorsement requests L&D decide, as nobody on their line can act on the
 * portal: the pages say the request waits for L&D, not for a manager who will never see it.
 */
export async function decidedByLearningTeam(personIds: number[]): Promise<Set<number>> {
  const withManager = new Set<number>();
  for (const ids of chunks(personIds)) for (const r of await managedOnPortal(asHost(naasDb()), ids).execute()) withManager.add(r.person_id);
  return new Set(personIds.filter((id) => !withManager.has(id)));
}

/**
 * The requests waiting for L&D: of people in the viewer's scope, never their own, with nobody on their line
 * who can act on the portal. Walking every asker's line is the costly part, so it runs on the page that lists
 * them, never on the programme's home page.
 */
function waitingForLearningTeam(viewer: Viewer) {
  const asking = naasDb().selectFrom("naas_candidates").select("person_id").where("endorsement_requested_at", "is not", null).where("endorsement", "is", null);
  const scope = peopleScope(viewer);
  return naasDb()
    .selectFrom("naas_candidates as c")
    .innerJoin("people as p", "p.id", "c.person_id")
    .where("c.endorsement_requested_at", "is not", null)
    .where("c.endorsement", "is", null)
    .where("c.person_id", "<>", viewer.personId)
    .$if(scope.kind !== "everyone", (qb) => qb.where("c.person_id", "in", scopedPeople(scope).select("people.id")))
    .where("c.person_id", "not in", managedOnPortal(asHost(naasDb()), asking));
}

/** One page of the requests waiting for L&D, oldest first, and how many there are (`asked` past the last shows the last). */
export async function endorsementsWaitingForLearningTeam(viewer: Viewer, asked = 1) {
  if (!can(viewer, "cohorts.manage")) return { rows: [], total: 0, page: 1, pageCount: 1 };
  const total = Number((await waitingForLearningTeam(viewer).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  const { page, pageCount, offset, limit } = pageWindow(total, asked, WAITING_PAGE_SIZE);
  const rows = total
    ? await waitingForLearningTeam(viewer)
        .select(["c.person_id", "c.track", "c.endorsement_requested_at", "p.given_name", "p.family_name"])
        .orderBy("c.endorsement_requested_at")
        .orderBy("c.person_id")
        .orderBy("c.track")
        .limit(limit)
        .offset(offset)
        .execute()
    : [];
  return { rows, total, page, pageCount };
}
