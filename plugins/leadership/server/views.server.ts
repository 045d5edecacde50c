// Shapes the programme's data for its pages, with dates in the reader's language.
import { cohortPage, enrolmentOpen } from "../../../app/services/cohorts.server";
import { enrolmentsOf } from "../../../app/services/enrolment.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { formatDate } from "../../../app/utils/dates";
import type { Locale } from "../../../app/utils/i18n";
import plugin from "../plugin";
import { leadershipEligibility } from "./eligibility.server";
import { PLUGIN_ID } from "../programme";

/** Whether one person may ask for a place, and if not, the sentence that says why. */
export async function eligibilityOf(personId: number, locale: Locale) {
  const eligibility = await leadershipEligibility(pluginContext(plugin, locale), [personId]);
  return eligibility.get(personId) ?? { eligible: false, reasonKey: "eligibility.notFirstLineManager" };
}

export async function programmeHome(personId: number, locale: Locale, page = 1) {
  const [cohorts, mine, eligibility] = await Promise.all([cohortPage(PLUGIN_ID, page), enrolmentsOf(personId, PLUGIN_ID), eligibilityOf(personId, locale)]);
  const heldCohorts = new Set(mine.filter((e) => !["withdrawn", "declined"].includes(e.status)).map((e) => e.cohort_id));
  return {
    eligibility,
    page: cohorts.page,
    pageCount: cohorts.pageCount,
    cohorts: cohorts.rows.map((c) => ({
      id: c.id,
      name: c.name,
      dates: `${formatDate(c.starts_on, locale)} – ${formatDate(c.ends_on, locale)}`,
      capacity: c.capacity,
      left: Math.max(0, c.capacity - Number(c.taken)),
      waiting: Number(c.waiting),
      open: enrolmentOpen(c),
      held: heldCohorts.has(c.id),
    })),
    mine: mine.map((e) => ({ id: e.id, cohort: e.cohort_name, status: e.status, position: e.waitlist_position, reason: e.reason, withdrawable: ["requested", "enrolled", "waitlisted"].includes(e.status) })),
  };
}
