// A manager's view of Level 5: the people in their line who are on it, and booking a place for one.
import type { Actor } from "../../../app/services/audit.server";
import { cohortById } from "../../../app/services/cohorts.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import type { Locale } from "../../../app/utils/i18n";
import { canSeePerson, peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import type { Viewer } from "../../sdk";
import plugin from "../plugin";
import { PLUGIN_ID } from "../programme";
import { leadershipEligibility } from "./eligibility.server";
import { progressOf } from "./progress.server";

export async function teamOnProgramme(viewer: Viewer) {
  const rows = await scopedPeople(peopleScope(viewer))
    .innerJoin("enrolments as e", "e.person_id", "people.id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .select(["e.id", "e.status", "e.waitlist_position", "people.given_name", "people.family_name", "c.name as cohort_name"])
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", ["requested", "enrolled", "waitlisted", "completed", "not_completed"])
    .orderBy("people.family_name")
    .orderBy("people.given_name")
    .limit(500)
    .execute();
  const progress = await progressOf(rows.filter((r) => ["enrolled", "completed", "not_completed"].includes(r.status)).map((r) => r.id));
  return rows.map((r) => ({ ...r, progress: progress.get(r.id) }));
}

/** A refusal names the field it is about, so the page shows it beside that field. */
export type BookingOutcome = { ok: true; status: string } | { ok: false; error: string; field: "employee" | "cohort" };

/** A manager books a place for someone in their line: the approval is theirs, so it is placed at once. */
export async function bookForTeamMember(viewer: Viewer, actor: Actor, employeeNumber: string, cohortId: number, locale: Locale): Promise<BookingOutcome> {
  if (!(await cohortById(cohortId, PLUGIN_ID))) return { ok: false, error: "common:enrolment.errors.noCohort", field: "cohort" };
  const person = await scopedPeople(peopleScope(viewer)).select(["people.id"]).where("people.employee_number", "=", employeeNumber.trim().toUpperCase()).executeTakeFirst();
  if (!person || person.id === viewer.personId || !(await canSeePerson(viewer, person.id))) return { ok: false, error: "team.errors.notInTeam", field: "employee" };
  const eligibility = (await leadershipEligibility(pluginContext(plugin, locale), [person.id])).get(person.id);
  if (!eligibility?.eligible) return { ok: false, error: "eligibility.notFirstLineManager", field: "employee" };
  const result = await requestPlace({ cohortId, personId: person.id, actor, byManager: true });
  // The cohort is closed, gone, or already holds this person: choosing another cohort is the way on.
  return result.ok ? { ok: true, status: result.status } : { ok: false, error: `common:${result.error}`, field: "cohort" };
}
