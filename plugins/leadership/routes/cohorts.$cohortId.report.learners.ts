import type { LoaderFunctionArgs } from "@remix-run/node";
import { cohortReport } from "../../../app/services/cohort-report.server";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { cohortGuard } from "../server/guards.server";
import { leadershipSettings } from "../server/settings.server";
import { guidedMinutes } from "../server/guided-learning.server";
import { hours, percent } from "../server/report-format.server";

/** Each learner's attendance, taught hours and whether they can still complete, as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, cohort } = await cohortGuard(request, params);
  const report = await cohortReport(cohort.id, (await leadershipSettings()).requiredSessions);
  const guided = await guidedMinutes(report.people.map((p) => p.id));
  const header = ["employee", "family", "given", "attended", "held", "rate", "taughtHours", "guidedHours", "onTrack"].map((k) => t(`report.csv.${k}`));
  const rows = report.people.map((p) => [p.employee_number, p.family_name, p.given_name, p.attended, p.held, percent(p.rate, locale), hours(p.taughtMinutes, locale), hours(guided.get(p.id)?.confirmed ?? 0, locale), t(p.onTrack ? "report.onTrack" : "report.offTrack")]);
  return csvResponse(`cohort-${cohort.id}-learners.csv`, toCsv(header, rows));
}
