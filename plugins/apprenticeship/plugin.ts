// The Social Worker Integrated Degree Apprenticeship: recruitment to an intake, the levy account,
// off-the-job hours, practice learning, progress reviews and completion to registration.
import { definePlugin } from "../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { recruitmentFundingAndProgress } from "./migrations/0001-recruitment-funding-and-progress";
import { cpdTitlesInBothLanguages } from "./migrations/0002-cpd-titles-in-both-languages";
import { applicationsByPlace } from "./migrations/0003-applications-by-place";
import { ledgerReversals } from "./migrations/0004-ledger-reversals";
import { ledgerExpiryDates } from "./migrations/0005-ledger-expiry-dates";
import { APPRENTICE_STAGE, ownPageHref, PLACE_REQUIREMENT, PLUGIN_ID } from "./programme";
import { apprenticeshipInbox } from "./server/inbox.server";
import { apprenticeshipPersonalData } from "./server/personal-data.server";
import { apprenticeshipReadiness } from "./server/readiness.server";
import { seedApprenticeship } from "./server/seed.server";
import { adminWidget, meWidget, teamWidget } from "./server/widgets.server";
import { apprenticeshipMetrics } from "./server/metrics.server";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-recruitment-funding-and-progress": recruitmentFundingAndProgress, "0002-cpd-titles-in-both-languages": cpdTitlesInBothLanguages, "0003-applications-by-place": applicationsByPlace, "0004-ledger-reversals": ledgerReversals, "0005-ledger-expiry-dates": ledgerExpiryDates },
  locales: { "en-GB": enGB, cy },
  navigation: [{ labelKey: "nav", path: "" }],
  widgets: [
    { id: "me", dashboard: "me", load: (ctx, viewer) => meWidget(ctx, viewer) },
    { id: "team", dashboard: "team", roles: ["manager"], load: (ctx, viewer, people) => teamWidget(ctx, viewer, people) },
    { id: "admin", dashboard: "admin", roles: ["learning_development", "admin"], load: (ctx) => adminWidget(ctx) },
  ],
  metrics: apprenticeshipMetrics,
  readiness: apprenticeshipReadiness,
  inbox: apprenticeshipInbox,
  // A place on an intake opens the apprentice stage (to social care officers and personal advisers);
  // registration with Social Work England at the end of the degree opens the ASYE stage.
  pathway: [
    { id: PLACE_REQUIREMENT, stages: [APPRENTICE_STAGE], labelKey: "readiness.place.label", actionHref: ownPageHref("intakes") },
    { id: "registration", stages: ["asye_social_worker"], labelKey: "readiness.registered.label" },
  ],
  personalData: apprenticeshipPersonalData,
  seed: seedApprenticeship,
  // A reserve given a place is offered it, and must still accept it on the apprenticeship page.
  promotedNoticeKey: "notices.decision.promoted",
});
