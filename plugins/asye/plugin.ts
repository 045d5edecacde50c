// The Assessed and Supported Year in Employment: each newly qualified social worker's year with its
// assessor and supervisor, reviews, evidence, supervision, recommendation and decision; a pass makes
// them a social worker. The protected caseload check (plugins/asye/caseload/) is merged in here.
import { definePlugin, type SeedContext, type SeedScale } from "../sdk";
import { caseloadLocales, caseloadMetrics, caseloadMigrations, caseloadNavigation, caseloadPersonalData, caseloadReports, caseloadWidgets, seedCaseload } from "./caseload";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { asyeYear } from "./migrations/0001-asye-year";
import { yearFte } from "./migrations/0003-year-fte";
import { extendNoticeCount } from "./migrations/0005-extend-notice-count";
import { cpdTitlesInBothLanguages } from "./migrations/0006-cpd-titles-in-both-languages";
import { yearNinthMonthReview } from "./migrations/0007-year-ninth-month-review";
import { finalReviewPerExtension } from "./migrations/0008-final-review-per-extension";
import { yearSettings } from "./migrations/0009-year-settings";
import { ASYE_STAGE, PASSED_STAGE, PLUGIN_ID } from "./programme";
import { asyeInbox } from "./server/inbox.server";
import { asyePersonalData } from "./server/personal-data.server";
import { asyeReadiness, REQUIREMENT_ID } from "./server/readiness.server";
import { seedAsye } from "./server/seed.server";
import { adminWidget, meWidget, teamWidget } from "./server/widgets.server";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-asye-year": asyeYear, ...caseloadMigrations, "0003-year-fte": yearFte, "0005-extend-notice-count": extendNoticeCount, "0006-cpd-titles-in-both-languages": cpdTitlesInBothLanguages, "0007-year-ninth-month-review": yearNinthMonthReview, "0008-final-review-per-extension": finalReviewPerExtension, "0009-year-settings": yearSettings },
  locales: { "en-GB": { ...enGB, caseload: caseloadLocales["en-GB"] }, cy: { ...cy, caseload: caseloadLocales.cy } },
  navigation: [{ labelKey: "nav", path: "" }, { labelKey: "years.nav", path: "years", roles: ["manager", "learning_development", "admin"] }, ...caseloadNavigation],
  widgets: [
    { id: "me", dashboard: "me", load: (ctx, viewer) => meWidget(ctx, viewer) },
    { id: "team", dashboard: "team", roles: ["manager"], load: (ctx, viewer, people) => teamWidget(ctx, viewer, people) },
    { id: "admin", dashboard: "admin", roles: ["learning_development", "admin"], load: (ctx) => adminWidget(ctx) },
    ...caseloadWidgets,
  ],
  readiness: asyeReadiness,
  inbox: asyeInbox,
  // A passed ASYE is what makes a newly qualified social worker a social worker.
  pathway: [{ id: REQUIREMENT_ID, stages: [PASSED_STAGE], labelKey: "readiness.label", actionHref: `/programmes/${PLUGIN_ID}` }],
  // The year's decision moves an ASYE social worker on (a pass makes them a social worker), not the panel.
  decidesExitFrom: [ASYE_STAGE],
  personalData: async (ctx, personId) => ({ ...(await asyePersonalData(ctx, personId)), ...(await caseloadPersonalData(ctx, personId)) }),
  reports: [{ labelKey: "years.title", path: "years" }, ...caseloadReports],
  metrics: caseloadMetrics,
  seed: async (ctx: SeedContext, scale: SeedScale) => {
    await seedAsye(ctx, scale);
    await seedCaseload(ctx, scale);
  },
});
