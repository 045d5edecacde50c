// The cohort page's data and its actions: L&D enrolling someone (with a reason when the programme would
// not take them), withdrawing someone (never themselves), and offering free places to the waiting list
// once the cohort has begun.
import type { Kysely } from "kysely";
import type { Database } from "../../../db/schema";
import { sessionHeld } from "../../../app/services/attendance.server";
import type { Actor } from "../../../app/services/audit.server";
import { cohortById, HOLDING_STATUSES, sessionsOf } from "../../../app/services/cohorts.server";
import { personByEmployeeNumber } from "../../../app/services/employee-numbers.server";
import { withCohortLock } from "../../../app/services/cohort-lock.server";
import { fillFreePlaces, requestPlace, rosterOf, unlessCohortOver, withdrawUnderLock, type CheckUnderLock, type CohortOverRefusal } from "../../../app/services/enrolment.server";
import { addNotice } from "../../../app/services/notices.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { cohortOver } from "../../../app/services/waiting-list-ended.server";
import { formatDate } from "../../../app/utils/dates";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import { sessionTitleIn } from "../default-titles";
import plugin from "../plugin";
import { leadershipEligibility } from "./eligibility.server";
import { onePlaceCheck, type OnePlaceRefusal } from "./one-place.server";
import { PLUGIN_ID } from "../programme";

const timeFormat = (locale: Locale) => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

export async function cohortPage(cohortId: number, locale: Locale, viewerPersonId: number | null = null) {
  const cohort = await cohortById(cohortId, PLUGIN_ID);
  if (!cohort) return undefined;
  const [sessions, roster] = await Promise.all([sessionsOf(cohortId), rosterOf(cohortId)]);
  const format = timeFormat(locale);
  const t = fixedT(locale, PLUGIN_ID);
  const holding = roster.filter((r) => (HOLDING_STATUSES as readonly string[]).includes(r.status)).length;
  return {
    // Once the cohort has begun, a freed place waits for L&D to offer it (see `promotesOnWithdrawal`), until
    // it is over: then there is nothing left to join, and the core gives nobody a place (`cohortOver`).
    placesToOffer: hasBegun(cohort) && !cohortOver(cohort, sessions) && roster.some((r) => r.status === "waitlisted") ? Math.max(0, cohort.capacity - holding) : 0,
    cohort: { id: cohort.id, name: cohort.name, dates: `${formatDate(cohort.starts_on, locale)} – ${formatDate(cohort.ends_on, locale)}`, capacity: cohort.capacity, venue: cohort.venue, onlineUrl: cohort.online_url, approval: cohort.requires_manager_approval === 1 },
    sessions: sessions.map((s) => ({ id: s.id, sequence: s.sequence, title: sessionTitleIn(t, s.title), when: format.format(new Date(s.starts_at)), minutes: Math.round((Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000), status: s.status, location: s.location, held: sessionHeld(s) })),
    roster: roster.map((r) => ({ id: r.id, name: `${r.family_name}, ${r.given_name}`, employee: r.employee_number, team: r.team_name, status: r.status, position: r.waitlist_position, override: r.override_reason, withdrawable: ["requested", "enrolled", "waitlisted"].includes(r.status) && r.person_id !== viewerPersonId })),
  };
}

export type EnrolByStaff = { ok: true; status: string } | { ok: false; field: "employee" | "override"; error: string };

export async function enrolByStaff(cohortId: number, employeeNumber: string, overrideReason: string, actor: Actor, locale: Locale): Promise<EnrolByStaff> {
  // Typed in any case: someone held as "old-3" (left so by migration 0013) is found by "OLD-3" too.
  const { person, ambiguous } = await personByEmployeeNumber(db(), employeeNumber.trim());
  if (ambiguous) return { ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.ambiguousEmployee` };
  if (!person) return { ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.unknownEmployee` };
  // Nobody decides about themselves: a place given here skips approval, so a colleague must give it.
  if (person.id === actor.personId) return { ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.own` };
  const eligibility = (await leadershipEligibility(pluginContext(plugin, locale), [person.id])).get(person.id);
  if (!eligibility?.eligible && !overrideReason) return { ok: false, field: "override", error: `${PLUGIN_ID}:cohort.errors.overrideNeeded` };
  // Behind those waiting: once the cohort has begun a place given up is theirs for L&D to offer, in order.
  const result = await requestPlace({ cohortId, personId: person.id, actor, direct: true, behindWaiting: true, overrideReason: eligibility?.eligible ? null : overrideReason }, staffEnrolmentCheck(person.id, cohortId));
  if (result.ok) return { ok: true, status: result.status };
  return { ok: false, field: "employee", error: result.error.startsWith("enrolment.") ? `common:${result.error}` : `${PLUGIN_ID}:cohort.errors.${result.error}` };
}

/**
 * What L&D's enrolment checks under the cohort's lock: that the cohort is not over (a place there would
 * lead nowhere, and block the person from a real cohort), then one place a person, however it is given (a
 * place elsewhere is withdrawn first, from that cohort's page).
 */
const staffEnrolmentCheck =
  (personId: number, cohortId: number): CheckUnderLock<CohortOverRefusal | OnePlaceRefusal> =>
  async (trx) =>
    (await unlessCohortOver(cohortId)(trx)) ?? (await onePlaceCheck(personId, cohortId)(trx));

/** Whether the cohort's first day has come (London's date). */
const hasBegun = (cohort: { starts_on: string }) => cohort.starts_on <= londonToday();

/**
 * Whether a place given up goes at once to the first person waiting: only before the cohort begins. Once it
 * has, the next person would join sessions already taught, so L&D decide, and offer the place from the
 * cohort's page when the next person can still catch up.
 */
const promotesOnWithdrawal = (cohort: { starts_on: string }) => !hasBegun(cohort);

/**
 * Withdraws a place under the cohort's lock (the caller holds it), giving it to the first person waiting
 * only if the cohort has not begun as it stands now, not as a page read it: its dates can be changed, or
 * its first day come, in between. Answers too whether it promoted, so the page can say the place waits.
 */
async function withdrawAsTheCohortStands(trx: Kysely<Database>, cohortId: number, enrolmentId: number, actor: Actor) {
  const promote = promotesOnWithdrawal(await trx.selectFrom("cohorts").select("starts_on").where("id", "=", cohortId).executeTakeFirstOrThrow());
  return { ...(await withdrawUnderLock(trx, enrolmentId, null, actor, { promote })), promote };
}

/** A learner giving up their own place, request or number on the waiting list, from the programme's home page. */
export const withdrawOwnPlace = (cohortId: number, enrolmentId: number, actor: Actor) => withCohortLock(cohortId, (trx) => withdrawAsTheCohortStands(trx, cohortId, enrolmentId, actor));

/** What the learner withdrawn is told, by what they had: a place, a number on the waiting list or a request. */
const withdrawnNotice = (status: string) => `notices.withdrawn.${status === "enrolled" || status === "waitlisted" ? status : "requested"}`;

/**
 * L&D withdrawing a learner, through the core (which audits it, and gives a place given up before the
 * cohort begins to the first person waiting); the learner is told on their home page in the same
 * transaction, in the words for what they had. Both what they had and whether the cohort has begun are
 * read under the lock: the cohort's dates can be changed, or its first day come, between the page's read
 * and the withdrawal, and a place given up once it has begun waits for L&D to offer it. Never L&D's own
 * place: L&D may withdraw anyone at any time, so they give up their own place on the programme's home
 * page, as any learner does. No reason is asked: the page withdraws from a button on each row of its list.
 */
export async function withdrawFromCohort(cohortId: number, enrolmentId: number, actor: Actor) {
  const enrolment = await db()
    .selectFrom("enrolments")
    .innerJoin("cohorts", "cohorts.id", "enrolments.cohort_id")
    .select(["enrolments.id", "enrolments.person_id", "cohorts.name"])
    .where("enrolments.id", "=", enrolmentId)
    .where("enrolments.cohort_id", "=", cohortId)
    .executeTakeFirst();
  if (!enrolment) return { ok: false as const, error: "common:enrolment.errors.notActive" };
  if (enrolment.person_id === actor.personId) return { ok: false as const, error: `${PLUGIN_ID}:cohort.errors.ownWithdrawal` };
  const result = await withCohortLock(cohortId, async (trx) => {
    const held = await trx.selectFrom("enrolments").select("status").where("id", "=", enrolment.id).executeTakeFirstOrThrow();
    const withdrawn = await withdrawAsTheCohortStands(trx, cohortId, enrolment.id, actor);
    if (withdrawn.ok) await addNotice({ personId: enrolment.person_id, source: PLUGIN_ID, messageKey: withdrawnNotice(held.status), values: { cohort: enrolment.name }, href: `/programmes/${PLUGIN_ID}` }, trx);
    return withdrawn;
  });
  return result.ok ? { ok: true as const, promoted: result.promotedPersonId !== undefined, heldForOffer: !result.promote } : { ok: false as const, error: `common:${result.error}` };
}

/** L&D offer the free places of a cohort that has begun to the people waiting, in their order; answers how many were offered one. */
export async function offerFreePlaces(cohortId: number, actor: Actor) {
  return (await fillFreePlaces(cohortId, actor)).length;
}
