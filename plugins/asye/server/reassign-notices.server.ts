// Who is told when L&D change a running year's assessor or supervisor: each person newly given a role (one
// notice when they are given both), who finds the year from it, and the worker, who learns who their
// assessor or supervisor now is. Names are stored with the notice, as they stood when it was sent. A year
// started tells its assessor and supervisor the same way (changes.server.ts).
import type { Kysely } from "kysely";
import type { NoticeInput } from "../../../app/services/notices.server";
import { PLUGIN_ID } from "../programme";
import type { AsyeDatabase } from "./db.server";
import { personName, type YearRow } from "./years.server";

type Year = Pick<YearRow, "id" | "person_id" | "assessor_id" | "supervisor_id" | "given_name" | "family_name">;

export interface Holders {
  assessorId: number;
  supervisorId: number;
}

const notice = (personId: number, messageKey: string, values: Record<string, string>, href: string): NoticeInput => ({ personId, source: PLUGIN_ID, messageKey, values, href });

/**
 * The notices telling each person newly given a role on the year (`given`: which roles changed hands) that they
 * now hold it, with a link to the year: one notice for someone given both. A year started gives both.
 */
export function newHolderNotices(year: Pick<Year, "id" | "given_name" | "family_name">, holders: Holders, given: { assessor: boolean; supervisor: boolean }): NoticeInput[] {
  const yearHref = `/programmes/${PLUGIN_ID}/years/${year.id}`;
  const about = { name: personName(year) };
  if (given.assessor && given.supervisor && holders.assessorId === holders.supervisorId) return [notice(holders.assessorId, "notices.nowAssessorAndSupervisor", about, yearHref)];
  return [...(given.assessor ? [notice(holders.assessorId, "notices.nowAssessor", about, yearHref)] : []), ...(given.supervisor ? [notice(holders.supervisorId, "notices.nowSupervisor", about, yearHref)] : [])];
}

/** The notices for a change from the year's holders to `after`; none when neither role changed hands. */
export async function reassignNotices(year: Year, after: Holders, executor: Kysely<AsyeDatabase>): Promise<NoticeInput[]> {
  const newAssessor = after.assessorId !== year.assessor_id;
  const newSupervisor = after.supervisorId !== year.supervisor_id;
  if (!newAssessor && !newSupervisor) return [];
  const people = await executor.selectFrom("people").select(["id", "given_name", "family_name"]).where("id", "in", [after.assessorId, after.supervisorId]).execute();
  const nameOf = (id: number) => {
    const person = people.find((p) => p.id === id);
    return person ? personName(person) : "";
  };
  const notices = newHolderNotices(year, after, { assessor: newAssessor, supervisor: newSupervisor });
  const ownHref = `/programmes/${PLUGIN_ID}`;
  if (newAssessor && newSupervisor) notices.push(notice(year.person_id, "notices.rolesChanged", { assessor: nameOf(after.assessorId), supervisor: nameOf(after.supervisorId) }, ownHref));
  else if (newAssessor) notices.push(notice(year.person_id, "notices.assessorChanged", { name: nameOf(after.assessorId) }, ownHref));
  else notices.push(notice(year.person_id, "notices.supervisorChanged", { name: nameOf(after.supervisorId) }, ownHref));
  return notices;
}
