// Research in Practice courses: the provider's catalogue synced from its feed, bookings on the cohort
// engine, completion with CPD hours and KSS evidence offers, and evaluation of what changed in practice.
import { definePlugin, JobFailure } from "../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { catalogueAndEvaluations } from "./migrations/0001-catalogue-and-evaluations";
import { cohortsNamedByCourse } from "./migrations/0002-cohorts-named-by-course";
import { evaluationObjectivesKept } from "./migrations/0003-evaluation-objectives-kept";
import { PLUGIN_ID } from "./programme";
import { feedConfig } from "./server/config.server";
import { ripDb } from "./server/db.server";
import { ripPersonalData } from "./server/personal-data.server";
import { seedResearchInPractice } from "./server/seed.server";
import { syncCatalogue } from "./server/sync.server";
import { remindersWidget } from "./server/widgets.server";
import { ripMetrics } from "./server/metrics.server";
import { ripCatalogue } from "./server/catalogue-entries.server";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-catalogue-and-evaluations": catalogueAndEvaluations, "0002-cohorts-named-by-course": cohortsNamedByCourse, "0003-evaluation-objectives-kept": evaluationObjectivesKept },
  locales: { "en-GB": enGB, cy },
  navigation: [{ labelKey: "nav", path: "" }],
  widgets: [{ id: "reminders", dashboard: "me", load: (ctx, viewer) => remindersWidget(ctx, viewer) }],
  reports: [{ labelKey: "impact.title", path: "impact" }],
  jobs: [
    {
      id: "catalogue-sync",
      everyMinutes: 60,
      run: async (ctx, progress) => {
        const config = feedConfig();
        if (!config) throw new JobFailure({ messageKey: "sync.errors.notConfigured" });
        return syncCatalogue(ripDb(), config, progress, ctx.now());
      },
    },
  ],
  metrics: ripMetrics,
  catalogue: ripCatalogue,
  personalData: ripPersonalData,
  // Nobody waiting is given a place once a run has begun: neither a place given up nor the sync promotes then (`onOffer`).
  waitingListEndsAtStart: true,
  seed: seedResearchInPractice,
});
