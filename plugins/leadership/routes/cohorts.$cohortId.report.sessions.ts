import type { LoaderFunctionArgs } from "@remix-run/node";
import { cohortReport } from "../../../app/services/cohort-report.server";
import { csvResponse, toCsv } from "../../../app/utils/csv.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { utcToLondon } from "../../../app/utils/london-time";
import { sessionTitleIn } from "../default-titles";
import { PLUGIN_ID } from "../programme";
import { cohortGuard } from "../server/guards.server";
import { leadershipSettings } from "../server/settings.server";
import { percent } from "../server/report-format.server";

/**
 * Each session with its date, start and end times (UK time), length and attendance, as CSV. The file is
 * for people to read (headers, statuses and rates are in the reader's language), so a default topic is too.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t, cohort } = await cohortGuard(request, params);
  const report = await cohortReport(cohort.id, (await leadershipSettings()).requiredSessions);
  const header = ["number", "topic", "date", "start", "end", "minutes", "status", "present", "absent", "excused", "rate"].map((k) => t(`report.csv.${k}`));
  // The guard's translator reads the core's namespace; the default topics are worded by this plugin.
  const programmeT = fixedT(locale, PLUGIN_ID);
  const rows = report.sessions.map((s) => {
    const start = utcToLondon(s.starts_at);
    return [s.sequence, sessionTitleIn(programmeT, s.title), start.date, start.time, utcToLondon(s.ends_at).time, s.minutes, t(`sessionForm.statuses.${s.status}`), s.present, s.absent, s.excused, s.held ? percent(s.rate, locale) : ""];
  });
  return csvResponse(`cohort-${cohort.id}-sessions.csv`, toCsv(header, rows));
}
