import type { LoaderFunctionArgs } from "@remix-run/node";
import { cohortReport } from "../../../app/services/cohort-report.server";
import { cohortById } from "../../../app/services/cohorts.server";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { authorizePlugin } from "../../../app/utils/guard.server";
import { notFound, parseId } from "../../../app/utils/http.server";
import { utcToLondon } from "../../../app/utils/london-time";
import { PLUGIN_ID } from "../programme";
import { leadershipSettings } from "../server/settings.server";
import { percent } from "../server/report-format.server";

/** Each session with its date, start and end times (UK time), length and attendance, as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t } = await authorizePlugin(request, PLUGIN_ID, "cohorts.manage");
  const cohortId = parseId(params.cohortId);
  const cohort = cohortId ? await cohortById(cohortId, PLUGIN_ID) : undefined;
  if (!cohort) notFound();
  const report = await cohortReport(cohort.id, (await leadershipSettings()).requiredSessions);
  const header = ["number", "topic", "date", "start", "end", "minutes", "status", "present", "absent", "excused", "rate"].map((k) => t(`report.csv.${k}`));
  const rows = report.sessions.map((s) => {
    const start = utcToLondon(s.starts_at);
    return [s.sequence, s.title, start.date, start.time, utcToLondon(s.ends_at).time, s.minutes, t(`sessionForm.statuses.${s.status}`), s.present, s.absent, s.excused, s.held ? percent(s.rate, locale) : ""];
  });
  return csvResponse(`cohort-${cohort.id}-sessions.csv`, toCsv(header, rows));
}
