// The ILM-endorsed Level 5 Leadership and Management programme for first line managers, on the core
// cohort engine: sixteen taught sessions plus guided learning.
import { definePlugin } from "../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { guidedLearning } from "./migrations/0001-guided-learning";
import { unitsAndCompletion } from "./migrations/0002-units-and-completion";
import { cpdTitlesInBothLanguages } from "./migrations/0003-cpd-titles-in-both-languages";
import { leadershipEligibility } from "./server/eligibility.server";
import { PLUGIN_ID } from "./programme";
import { leadershipReadiness } from "./server/readiness.server";
import { seedLeadership } from "./server/seed.server";
import { learnerWidget, teamWidget } from "./server/widgets.server";
import { leadershipMetrics } from "./server/metrics.server";
import { leadershipPersonalData } from "./server/personal-data.server";
import { sessionTitleIn } from "./default-titles";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-guided-learning": guidedLearning, "0002-units-and-completion": unitsAndCompletion, "0003-cpd-titles-in-both-languages": cpdTitlesInBothLanguages },
  locales: { "en-GB": enGB, cy },
  navigation: [{ labelKey: "nav", path: "" }],
  widgets: [
    { id: "learner", dashboard: "me", load: (ctx, viewer) => learnerWidget(ctx, viewer) },
    { id: "team", dashboard: "team", roles: ["manager"], load: (ctx, viewer, people) => teamWidget(ctx, viewer, people) },
  ],
  eligibility: leadershipEligibility,
  metrics: leadershipMetrics,
  readiness: leadershipReadiness,
  // Listed on /admin/reports: take-up by locality and role across every cohort (routes/reports.tsx).
  reports: [{ labelKey: "adminReports.uptake", path: "reports" }],
  personalData: leadershipPersonalData,
  sessionTitle: (ctx, title) => sessionTitleIn(ctx.t, title),
  // Completing Level 5 is a requirement of the team manager stage of the career pathway.
  pathway: [{ id: "level-5", stages: ["team_manager"], labelKey: "readiness.label" }],
  seed: seedLeadership,
});
