// A manager's view of Level 5: the people in their line who are on it, and booking a place for one.
import type { Actor } from "../../../app/services/audit.server";
import { cohortById, enrolmentOpen } from "../../../app/services/cohorts.server";
import { personByEmployeeNumber } from "../../../app/services/employee-numbers.server";
import { requestPlace } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import type { Locale } from "../../../app/utils/i18n";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { pageWindow } from "../../../app/utils/paging.server";
import { managesPerson, scopedPeople } from "../../../app/utils/permissions.server";
import type { Viewer } from "../../sdk";
import plugin from "../plugin";
import { PLUGIN_ID } from "../programme";
import { leadershipEligibility } from "./eligibility.server";
import { onePlaceCheck } from "./one-place.server";
import { progressOf } from "./progress.server";

/** Places shown a page at a time on "Your team": a large line gathers hundreds over the years. */
export const TEAM_PAGE_SIZE = 25;

const SHOWN_STATUSES = ["requested", "enrolled", "waitlisted", "completed", "not_completed"] as const;

/**
 * The Level 5 places of the people in the viewer's line, still to be given columns. The line, not
 * `peopleScope`: a manager who also holds L&D would otherwise see the whole council on a page that
 * says "in your line" (L&D's whole-council view is the cohort pages).
 */
function teamPlaces(viewer: Viewer) {
  return scopedPeople({ kind: "reports", managerId: viewer.personId })
    .innerJoin("enrolments as e", "e.person_id", "people.id")
    .innerJoin("cohorts as c", "c.id", "e.cohort_id")
    .where("c.programme_id", "=", PLUGIN_ID)
    .where("e.status", "in", [...SHOWN_STATUSES]);
}

/** One page of the team's places by name, with how many there are (a page past the end shows the last). */
export async function teamOnProgramme(viewer: Viewer, page: number) {
  const { n } = await teamPlaces(viewer).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  const total = Number(n);
  const shown = pageWindow(total, page, TEAM_PAGE_SIZE);
  const rows = await teamPlaces(viewer)
    .select(["e.id", "e.status", "e.waitlist_position", "people.given_name", "people.family_name", "c.name as cohort_name"])
    .orderBy("people.family_name")
    .orderBy("people.given_name")
    // The place's id last, so two people of the same name keep their places from page to page.
    .orderBy("e.id")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  const progress = await progressOf(rows.filter((r) => ["enrolled", "completed", "not_completed"].includes(r.status)).map((r) => r.id));
  return { members: rows.map((r) => ({ ...r, progress: progress.get(r.id) })), total, page: shown.page, pageCount: shown.pageCount };
}

type BookingDates = { starts_on: string; enrolment_opens_on: string | null; enrolment_closes_on: string | null };

/**
 * Why a manager cannot book a place on a cohort on London's `today`, or null when they can. A booking is
 * a request and the manager's approval at once, so it meets both of the core's rules: the window a
 * learner's own request meets (`enrolmentOpen`: no dates set means always open), and not yet begun, as
 * `decideRequest` refuses a manager's approval from the cohort's first day (a place then is L&D's to offer).
 */
export function bookingRefusal(cohort: BookingDates, today = londonToday()) {
  if (cohort.starts_on <= today) return "team.errors.cohortStarted";
  return enrolmentOpen(cohort, today) ? null : "common:enrolment.errors.closed";
}

/**
 * The Level 5 cohorts `bookingRefusal` lets a manager book today, latest start first as the cohort list
 * orders them. "Not yet begun" is a range of `cohorts_programme_idx` (programme_id, starts_on), so only
 * the cohorts still to come are read, however many have finished.
 */
export async function openCohorts(today = londonToday()) {
  return db()
    .selectFrom("cohorts")
    .select(["id", "name"])
    .where("programme_id", "=", PLUGIN_ID)
    .where("starts_on", ">", today)
    .where((eb) => eb.or([eb("enrolment_opens_on", "is", null), eb("enrolment_opens_on", "<=", today)]))
    .where((eb) => eb.or([eb("enrolment_closes_on", "is", null), eb("enrolment_closes_on", ">=", today)]))
    .orderBy("starts_on", "desc")
    .orderBy("id", "desc")
    .execute();
}

async function managesAnyOf(viewer: Viewer, people: { id: number }[]) {
  for (const { id } of people) if (await managesPerson(viewer, id)) return true;
  return false;
}

/** A refusal names the field it is about, so the page shows it beside that field. */
export type BookingOutcome = { ok: true; status: string } | { ok: false; error: string; field: "employee" | "cohort" };

/**
 * A manager books a place for someone in their line: the approval is theirs, so it is placed at once.
 * Only a manager above the person in the line may: seeing everyone (L&D, admins) is not managing them,
 * and a booking recorded as the manager's decision must be a manager's.
 */
export async function bookForTeamMember(viewer: Viewer, actor: Actor, employeeNumber: string, cohortId: number, locale: Locale, today = londonToday()): Promise<BookingOutcome> {
  const cohort = await cohortById(cohortId, PLUGIN_ID);
  if (!cohort) return { ok: false, error: "common:enrolment.errors.noCohort", field: "cohort" };
  // Checked here as well as left out of the list: a page opened yesterday, or a hand-made post, can name one.
  const refusal = bookingRefusal(cohort, today);
  if (refusal) return { ok: false, error: refusal, field: "cohort" };
  // Typed in any case: someone held as "old-3" (left so by migration 0013) is found by "OLD-3" too.
  const { person, among } = await personByEmployeeNumber(db(), employeeNumber.trim());
  // Several in other capitals: told to type it as held only if one of them is in the line, as unknown otherwise.
  if (among && (await managesAnyOf(viewer, among))) return { ok: false, error: "team.errors.ambiguousEmployee", field: "employee" };
  // Someone unknown and someone outside the line get the same answer, so the form tells nobody who exists.
  if (!person || !(await managesPerson(viewer, person.id))) return { ok: false, error: "team.errors.notInTeam", field: "employee" };
  const eligibility = (await leadershipEligibility(pluginContext(plugin, locale), [person.id])).get(person.id);
  if (!eligibility?.eligible) return { ok: false, error: "eligibility.notFirstLineManager", field: "employee" };
  const result = await requestPlace({ cohortId, personId: person.id, actor, byManager: true }, onePlaceCheck(person.id, cohortId));
  if (result.ok) return { ok: true, status: result.status };
  // The person holds a place on another cohort, or has completed: no other cohort is the way on.
  if (!result.error.startsWith("enrolment.")) return { ok: false, error: `team.errors.${result.error}`, field: "employee" };
  // The cohort is closed, gone, or already holds this person: choosing another cohort is the way on.
  return { ok: false, error: `common:${result.error}`, field: "cohort" };
}
