import type { LoaderFunctionArgs } from "@remix-run/node";
import { cohortReport } from "../../../app/services/cohort-report.server";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { leadershipSettings } from "../server/settings.server";
import { guidedMinutes } from "../server/guided-learning.server";
import { hours, percent } from "../server/report-format.server";

/**
 * Each learner's attendance, hours and whether they can still complete, as CSV. ILM's guided learning
 * hours are the tutor-led ones, the taught sessions attended (each session's length); the learner's
 * confirmed self-study is its own column, never called guided learning, and the total adds the two.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, cohort } = await cohortGuard(request, params);
  const report = await cohortReport(cohort.id, (await leadershipSettings()).requiredSessions);
  const selfStudy = await guidedMinutes(report.people.map((p) => p.id));
  // The report's other headers are the core's; the hours are worded by this plugin.
  const programmeT = fixedT(locale, PLUGIN_ID);
  const header = [
    ...["employee", "family", "given", "attended", "held", "rate"].map((k) => t(`report.csv.${k}`)),
    ...["guidedLearningHours", "selfStudyHours", "totalHours"].map((k) => programmeT(`hoursReport.${k}`)),
    t("report.csv.onTrack"),
  ];
  const rows = report.people.map((p) => {
    const selfStudyMinutes = selfStudy.get(p.id)?.confirmed ?? 0;
    const minutes = [p.taughtMinutes, selfStudyMinutes, p.taughtMinutes + selfStudyMinutes].map((m) => hours(m, locale));
    return [p.employee_number, p.family_name, p.given_name, p.attended, p.held, percent(p.rate, locale), ...minutes, t(p.onTrack ? "report.onTrack" : "report.offTrack")];
  });
  return csvResponse(`cohort-${cohort.id}-learners.csv`, toCsv(header, rows));
}
