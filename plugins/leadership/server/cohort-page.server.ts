// The cohort page's data and its two actions: L&D enrolling someone (with a reason when the programme
// would not take them) and withdrawing someone.
import type { Actor } from "../../../app/services/audit.server";
import { cohortById, sessionsOf } from "../../../app/services/cohorts.server";
import { requestPlace, rosterOf, withdraw } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import type { Locale } from "../../../app/utils/i18n";
import plugin from "../plugin";
import { leadershipEligibility } from "./eligibility.server";
import { PLUGIN_ID } from "../programme";

const timeFormat = (locale: Locale) => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

export async function cohortPage(cohortId: number, locale: Locale) {
  const cohort = await cohortById(cohortId, PLUGIN_ID);
  if (!cohort) return undefined;
  const [sessions, roster] = await Promise.all([sessionsOf(cohortId), rosterOf(cohortId)]);
  const format = timeFormat(locale);
  return {
    cohort: { id: cohort.id, name: cohort.name, dates: `${formatDate(cohort.starts_on, locale)} – ${formatDate(cohort.ends_on, locale)}`, capacity: cohort.capacity, venue: cohort.venue, onlineUrl: cohort.online_url, approval: cohort.requires_manager_approval === 1 },
    sessions: sessions.map((s) => ({ id: s.id, sequence: s.sequence, title: s.title, when: format.format(new Date(s.starts_at)), minutes: Math.round((Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000), status: s.status, location: s.location })),
    roster: roster.map((r) => ({ id: r.id, name: `${r.family_name}, ${r.given_name}`, employee: r.employee_number, team: r.team_name, status: r.status, position: r.waitlist_position, override: r.override_reason, withdrawable: ["requested", "enrolled", "waitlisted"].includes(r.status) })),
  };
}

export type EnrolByStaff = { ok: true; status: string } | { ok: false; field: "employee" | "override"; error: string };

export async function enrolByStaff(cohortId: number, employeeNumber: string, overrideReason: string, actor: Actor, locale: Locale): Promise<EnrolByStaff> {
  const person = await db().selectFrom("people").select("id").where("employee_number", "=", employeeNumber.trim().toUpperCase()).executeTakeFirst();
  if (!person) return { ok: false, field: "employee", error: `${PLUGIN_ID}:cohort.errors.unknownEmployee` };
  const eligibility = (await leadershipEligibility(pluginContext(plugin, locale), [person.id])).get(person.id);
  if (!eligibility?.eligible && !overrideReason) return { ok: false, field: "override", error: `${PLUGIN_ID}:cohort.errors.overrideNeeded` };
  const result = await requestPlace({ cohortId, personId: person.id, actor, direct: true, overrideReason: eligibility?.eligible ? null : overrideReason });
  return result.ok ? { ok: true, status: result.status } : { ok: false, field: "employee", error: `common:${result.error}` };
}

export async function withdrawFromCohort(cohortId: number, enrolmentId: number, actor: Actor) {
  const enrolment = await db().selectFrom("enrolments").select("id").where("id", "=", enrolmentId).where("cohort_id", "=", cohortId).executeTakeFirst();
  if (!enrolment) return { ok: false as const, error: "common:enrolment.errors.notActive" };
  const result = await withdraw(enrolment.id, null, actor);
  return result.ok ? { ok: true as const, promoted: result.promotedPersonId !== undefined } : { ok: false as const, error: `common:${result.error}` };
}
