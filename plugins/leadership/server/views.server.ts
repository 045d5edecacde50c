// Shapes the programme's data for its pages, with dates in the reader's language.
import { cohortPage, sessionsOf } from "../../../app/services/cohorts.server";
import { enrolmentsOf } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { formatDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { fixedT } from "../../../app/utils/i18n.server";
import type { Locale } from "../../../app/utils/i18n";
import plugin from "../plugin";
import { leadershipEligibility } from "./eligibility.server";
import { sessionTitleIn, unitTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { currentPlace } from "./guided-learning.server";
import { unitResultsOf } from "./learner.server";
import { units } from "./progress.server";
import { ONE_PLACE_STATUSES } from "./one-place.server";
import { bookingRefusal } from "./team.server";

/** Whether one person may ask for a place, and if not, the sentence that says why. */
export async function eligibilityOf(personId: number, locale: Locale) {
  const eligibility = await leadershipEligibility(pluginContext(plugin, locale), [personId]);
  return eligibility.get(personId) ?? { eligible: false, reasonKey: "eligibility.notFirstLineManager" };
}

type RequestDates = Parameters<typeof bookingRefusal>[0];

/**
 * Why a learner cannot ask for a place on a cohort on London's `today`, or null when they can: the rule a
 * manager's booking meets (`bookingRefusal`). A cohort with no enrolment window is always open by the
 * window alone, but once it has begun a request could only be declined (the core refuses an approval
 * from the first day) or, with no approval step, would place them on sessions already held.
 */
export function requestRefusal(cohort: RequestDates, today = londonToday()) {
  const refusal = bookingRefusal(cohort, today);
  return refusal === "team.errors.cohortStarted" ? `${PLUGIN_ID}:home.errors.cohortStarted` : refusal;
}

export async function programmeHome(personId: number, locale: Locale, page = 1) {
  const [cohorts, mine, eligibility] = await Promise.all([cohortPage(PLUGIN_ID, page), enrolmentsOf(personId, PLUGIN_ID), eligibilityOf(personId, locale)]);
  const heldCohorts = new Set(mine.filter((e) => !["withdrawn", "declined"].includes(e.status)).map((e) => e.cohort_id));
  // One place a person (`onePlaceCheck`): while they hold one, no cohort offers to take a request.
  const onePlace = mine.filter((e) => ONE_PLACE_STATUSES.includes(e.status));
  const held = onePlace.find((e) => e.status === "completed") ?? onePlace.at(-1);
  const today = londonToday();
  return {
    eligibility,
    placeHeld: held ? { cohort: held.cohort_name, status: held.status } : null,
    page: cohorts.page,
    pageCount: cohorts.pageCount,
    cohorts: cohorts.rows.map((c) => ({
      id: c.id,
      name: c.name,
      dates: `${formatDate(c.starts_on, locale)} – ${formatDate(c.ends_on, locale)}`,
      capacity: c.capacity,
      left: Math.max(0, c.capacity - Number(c.taken)),
      waiting: Number(c.waiting),
      open: requestRefusal(c, today) === null,
      held: heldCohorts.has(c.id),
      requestable: !held && requestRefusal(c, today) === null,
    })),
    mine: mine.map((e) => ({ id: e.id, cohort: e.cohort_name, status: e.status, position: e.waitlist_position, reason: e.reason, withdrawable: ["requested", "enrolled", "waitlisted"].includes(e.status) })),
  };
}

/**
 * The person's own assessed units on their current place, each with its result and the assessor's feedback,
 * or null without a place. Only ever the viewer's own: L&D's view of anyone's is the cohort's learner page.
 */
export async function ownUnits(personId: number, locale: Locale) {
  const place = await currentPlace(personId);
  if (!place) return null;
  const [allUnits, results] = await Promise.all([units(), unitResultsOf(place.id)]);
  const t = fixedT(locale, PLUGIN_ID);
  return allUnits.map((unit) => {
    const result = results.find((r) => r.unit_id === unit.id);
    return { id: unit.id, title: unitTitleIn(t, unit.title), result: result?.result ?? null, submitted: result ? formatDate(result.submitted_on, locale) : "", feedback: result?.feedback ?? "" };
  });
}

const sessionTime = (locale: Locale) => new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

/**
 * The sessions of the cohort the person has a place on (enrolled), with where each is held, or null without
 * one: the cohort page that lists them is L&D's, so the learner's own home shows them, with calendar files.
 */
export async function ownSessions(personId: number, locale: Locale) {
  const place = await currentPlace(personId);
  if (!place || place.status !== "enrolled") return null;
  const sessions = await sessionsOf(place.cohort_id);
  const format = sessionTime(locale);
  const t = fixedT(locale, PLUGIN_ID);
  return {
    cohortId: place.cohort_id,
    cohort: place.cohort_name,
    onlineUrl: place.online_url,
    sessions: sessions.map((s) => ({ id: s.id, sequence: s.sequence, title: sessionTitleIn(t, s.title), when: format.format(new Date(s.starts_at)), minutes: Math.round((Date.parse(s.ends_at) - Date.parse(s.starts_at)) / 60_000), location: s.location ?? place.venue ?? "", cancelled: s.status === "cancelled" })),
  };
}
