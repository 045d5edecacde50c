// Who may work towards which track, with a reason a person can read and, where it is only a matter
// of time, the day they become eligible. One query for the people, one for who reports to them.
import type { Eligibility } from "../../sdk";
import { isoDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { chunks } from "../../../app/services/readiness.server";
import { TRACKS, type NaasSettings, type Track } from "../programme";
import { naasDb } from "./db.server";
import { naasSettings } from "./settings.server";

export type TrackEligibility = Record<Track, Eligibility>;

/** The day after `years` full years from the qualification date: "more than N years since qualifying". */
export function practitionerEligibleFrom(qualifiedOn: string, years: number) {
  const [y, m, d] = qualifiedOn.split("-").map(Number);
  const anniversary = new Date(Date.UTC(y + years, m - 1, d));
  anniversary.setUTCDate(anniversary.getUTCDate() + 1);
  return isoDate(anniversary);
}

/** The reasons carry `count`, the years, so that English says "1 year" and "2 years". */
export function practitionerTrack(person: { role_category: string; qualification_date: string | null }, settings: NaasSettings, today: string): Eligibility {
  if (!settings.frontlineRoles.includes(person.role_category)) return { eligible: false, reasonKey: "eligibility.practitioner.notFrontline" };
  if (!person.qualification_date) return { eligible: false, reasonKey: "eligibility.practitioner.notQualified" };
  const from = practitionerEligibleFrom(person.qualification_date, settings.practitionerMinYears);
  if (from > today) return { eligible: false, reasonKey: "eligibility.practitioner.tooSoon", values: { years: settings.practitionerMinYears, date: from, count: settings.practitionerMinYears }, eligibleFrom: from };
  return { eligible: true, reasonKey: "eligibility.practitioner.eligible", values: { years: settings.practitionerMinYears, count: settings.practitionerMinYears } };
}

/**
 * The practice supervisor standards are for registered social workers who supervise others, so having
 * people report to you is not enough: an L&D or business manager with a team is not on this track. The
 * qualification date is the core's record of qualifying as a social worker, as the practitioner track reads it.
 */
export function supervisorTrack(person: { qualification_date: string | null }, reports: number, settings: NaasSettings): Eligibility {
  if (!person.qualification_date) return { eligible: false, reasonKey: "eligibility.supervisor.notQualified" };
  if (reports >= settings.supervisorMinReports) return { eligible: true, reasonKey: "eligibility.supervisor.eligible", values: { count: reports } };
  return { eligible: false, reasonKey: "eligibility.supervisor.noReports", values: { count: settings.supervisorMinReports } };
}

export async function naasEligibility(personIds: number[], now = new Date()): Promise<Map<number, TrackEligibility>> {
  const settings = await naasSettings();
  // London's today: someone eligible from 2 July is eligible at 00:30 on 2 July in summer, when UTC still says 1 July.
  const today = londonToday(now);
  const result = new Map<number, TrackEligibility>();
  for (const ids of chunks(personIds)) {
    const [people, reports] = await Promise.all([
      naasDb().selectFrom("people").select(["id", "role_category", "qualification_date"]).where("id", "in", ids).execute(),
      naasDb().selectFrom("people").select(["line_manager_id", (eb) => eb.fn.countAll<number>().as("n")]).where("line_manager_id", "in", ids).where("employment_status", "=", "active").groupBy("line_manager_id").execute(),
    ]);
    const reportCount = new Map(reports.map((r) => [r.line_manager_id!, Number(r.n)]));
    for (const person of people) {
      result.set(person.id, { practitioner: practitionerTrack(person, settings, today), supervisor: supervisorTrack(person, reportCount.get(person.id) ?? 0, settings) });
    }
  }
  return result;
}

/** Core contract: eligibility for the plugin as a whole, the better of the two tracks. */
export async function eligibilityForProgramme(personIds: number[]): Promise<Map<number, Eligibility>> {
  const tracks = await naasEligibility(personIds);
  return new Map([...tracks].map(([id, t]) => [id, TRACKS.map((track) => t[track]).find((e) => e.eligible) ?? t.practitioner]));
}
