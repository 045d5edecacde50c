// Scheduled jobs as /admin shows them: the last run's state, progress and outcome, in the reader's language.
import { formatDateTime } from "../utils/dates";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { allJobs, lastRuns } from "./jobs.server";
import { formatValues } from "./readiness.server";

// A summary saved before its message was split by count carries no count. It then reads in the form
// for several, as it did when it was saved, rather than as its raw key.
const SAVED_WITHOUT_COUNT = { count: 0 };

export async function jobViews(locale: Locale) {
  const jobs = await allJobs();
  const last = await lastRuns(jobs.map((j) => j.key));
  return jobs.map(({ plugin, job, key }) => {
    const t = fixedT(locale, plugin.id);
    const run = last.get(key);
    return {
      key,
      title: t(`jobs.${job.id}.title`),
      everyMinutes: job.everyMinutes,
      run: run
        ? {
            status: run.status,
            started: formatDateTime(run.started_at, locale),
            finished: run.finished_at ? formatDateTime(run.finished_at, locale) : null,
            done: run.done,
            total: run.total,
            outcome: run.summary ? t(run.summary.messageKey, { ...SAVED_WITHOUT_COUNT, ...formatValues(run.summary.values, locale) }) : null,
            details: (run.summary?.details ?? []).map((d) => (typeof d === "string" ? d : t(d.key, d.values))),
          }
        : null,
    };
  });
}
