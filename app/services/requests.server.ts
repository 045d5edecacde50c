// A place request as those deciding it read it: its manager, or L&D where no manager can act on the portal.
import type { Viewer } from "../../plugins/sdk";
import { db } from "../utils/db.server";
import { managesPerson } from "../utils/permissions.server";

/** The request with the person's name and the cohort, on a programme that is switched on. */
export async function placeRequestById(enrolmentId: number) {
  return db()
    .selectFrom("enrolments as e")
    .innerJoin("people as p", "p.id", "e.person_id")
    .innerJoin("org_units as t", "t.id", "p.team_id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .innerJoin("programmes as prog", "prog.id", "c.programme_id")
    .select(["e.id", "e.status", "e.person_id", "e.created_at", "p.given_name", "p.family_name", "p.job_title", "t.name as team_name", "c.name as cohort_name", "c.starts_on", "c.ends_on", "c.programme_id"])
    .where("e.id", "=", enrolmentId)
    .where("prog.enabled", "=", 1)
    .executeTakeFirst();
}

export type PlaceRequestRow = NonNullable<Awaited<ReturnType<typeof placeRequestById>>>;

/**
 * The request, whatever its status, if the viewer manages the person who made it, so a manager whose report
 * withdrew it meanwhile is told so rather than shown "not found"; otherwise undefined.
 */
export async function requestForManager(viewer: Viewer, enrolmentId: number) {
  const row = await placeRequestById(enrolmentId);
  if (!row || row.person_id === viewer.personId) return undefined;
  // Their line manager decides, whatever other roles they hold: L&D decide only where no manager can act.
  return (await managesPerson(viewer, row.person_id)) ? { ...row, waitingForManager: row.status === "requested" } : undefined;
}
