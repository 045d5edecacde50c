// Scheduled jobs as /admin shows them: the last run's state, progress and outcome, in the reader's language.
import { formatDateTime } from "../utils/dates";
import { fixedT } from "../utils/i18n.server";
import type { Locale } from "../utils/i18n";
import { allJobs, lastRuns } from "./jobs.server";
import { formatValues } from "./readiness.server";

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
            outcome: run.summary ? t(run.summary.messageKey, formatValues(run.summary.values, locale)) : null,
            details: run.summary?.details ?? [],
          }
        : null,
    };
  });
}
