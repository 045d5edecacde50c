// The core's own scheduled job, run and shown on /admin like the plugins' jobs: the daily snapshot of the
// key metrics that are a state only known on the day.
import { definePlugin, type ProgrammePlugin } from "../../../plugins/sdk";
import { recordMetricSnapshots } from "./metrics.server";

/** Not a programme: the host's jobs, under the "common" namespace, so the job runner treats them alike. */
export const coreJobs: ProgrammePlugin = definePlugin({
  id: "common",
  version: "1",
  titleKey: "metrics.title",
  summaryKey: "metrics.intro",
  migrations: {},
  locales: {},
  jobs: [
    {
      id: "metrics-snapshot",
      everyMinutes: 24 * 60,
      run: async (ctx, progress) => {
        const outcome = await recordMetricSnapshots(ctx.now(), progress);
        return { messageKey: "jobs.metrics-snapshot.done", values: outcome };
      },
    },
  ],
});
