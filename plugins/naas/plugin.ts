// NAAS accreditation readiness against the Knowledge and Skills Statements: frameworks as versioned
// data, self-assessment with evidence, manager review and endorsement, booking, and the outcome.
import { definePlugin } from "../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { frameworksAndReadiness } from "./migrations/0001-frameworks-and-readiness";
import { shippedFrameworks } from "./migrations/0002-shipped-frameworks";
import { cpdTitlesInBothLanguages } from "./migrations/0003-cpd-titles-in-both-languages";
import { windowsByDate } from "./migrations/0004-windows-by-date";
import { accreditationPerTrack } from "./migrations/0005-accreditation-per-track";
import { PLUGIN_ID } from "./programme";
import { eligibilityForProgramme } from "./server/eligibility.server";
import { naasInbox } from "./server/inbox.server";
import { naasPersonalData } from "./server/personal-data.server";
import { accreditationLabel, accreditationRequirement, naasReadiness } from "./server/readiness.server";
import { seedNaas } from "./server/seed.server";
import { naasMeWidget } from "./server/widgets.server";
import { naasMetrics } from "./server/metrics.server";

export default definePlugin({
  id: PLUGIN_ID,
  version: "0.1.0",
  titleKey: "title",
  summaryKey: "summary",
  migrations: { "0001-frameworks-and-readiness": frameworksAndReadiness, "0002-shipped-frameworks": shippedFrameworks, "0003-cpd-titles-in-both-languages": cpdTitlesInBothLanguages, "0004-windows-by-date": windowsByDate, "0005-accreditation-per-track": accreditationPerTrack },
  locales: { "en-GB": enGB, cy },
  navigation: [{ labelKey: "nav", path: "" }],
  widgets: [{ id: "me", dashboard: "me", load: (ctx, viewer) => naasMeWidget(ctx, viewer) }],
  eligibility: (_ctx, personIds) => eligibilityForProgramme(personIds),
  metrics: naasMetrics,
  readiness: naasReadiness,
  inbox: naasInbox,
  // Each track's accreditation counts towards its own stage: a practitioner's towards advanced practitioner,
  // a practice supervisor's towards practice supervisor. One does not stand in for the other.
  pathway: [
    { id: accreditationRequirement("practitioner"), stages: ["advanced_practitioner"], labelKey: accreditationLabel("practitioner") },
    { id: accreditationRequirement("supervisor"), stages: ["practice_supervisor"], labelKey: accreditationLabel("supervisor") },
  ],
  personalData: naasPersonalData,
  seed: seedNaas,
});
