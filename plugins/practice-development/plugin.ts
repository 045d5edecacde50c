// Practice development: briefings that reach everyone (read and understood, or a session on the core
// cohort engine), rollouts with a target and their progress, induction checklists, and Signs of Safety
// training as a cohort programme; thematic audits whose findings become learning actions tracked to done.
import { definePlugin } from "../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { briefings } from "./migrations/0001-briefings";
import { audits } from "./migrations/0002-audits";
import { cpdTitlesInBothLanguages } from "./migrations/0003-cpd-titles-in-both-languages";
import { briefingRevisions } from "./migrations/0004-briefing-revisions";
import { rolloutClosing } from "./migrations/0005-rollout-closing";
import { cohortsByEndDate } from "./migrations/0006-cohorts-by-end-date";
import { PLUGIN_ID } from "./programme";
import { briefingReadiness, meWidget, personalData, teamWidget } from "./server/briefings/contributions.server";
import { seedPracticeDevelopment } from "./server/briefings/seed.server";
import { auditMetrics } from "./server/audits/metrics.server";
import { briefingMetrics } from "./server/briefings/metrics.server";
import { seedAudits } from "./server/audits/seed.server";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-briefings": briefings, "0002-audits": audits, "0003-cpd-titles-in-both-languages": cpdTitlesInBothLanguages, "0004-briefing-revisions": briefingRevisions, "0005-rollout-closing": rolloutClosing, "0006-cohorts-by-end-date": cohortsByEndDate },
  locales: { "en-GB": enGB, cy },
  navigation: [{ labelKey: "nav", path: "" }],
  widgets: [
    { id: "briefings", dashboard: "me", load: (ctx, viewer) => meWidget(ctx, viewer) },
    { id: "induction", dashboard: "team", roles: ["manager"], load: (ctx, viewer, people) => teamWidget(ctx, viewer, people) },
  ],
  readiness: briefingReadiness,
  reports: [
    { labelKey: "rollouts.title", path: "rollouts" },
    { labelKey: "audits.title", path: "audits" },
  ],
  metrics: async (ctx, scope) => [...(await briefingMetrics(ctx, scope)), ...(await auditMetrics(ctx, scope))],
  personalData,
  // Booking closes, and a place given up goes to nobody, once a session's first date begins (`withdrawUnlessTooLate`).
  waitingListEndsAtStart: true,
  seed: async (ctx, scale) => {
    await seedPracticeDevelopment(ctx, scale);
    await seedAudits(ctx);
  },
});
