// The protected caseload part of the ASYE plugin: what plugins/asye/plugin.ts merges into its definition.
// Translations go under "caseload" in the "asye" namespace; pages live at /programmes/asye/caseload*.
import type { Migration } from "kysely";
import type { MetricsProvider, NavEntry, PluginContext, SeedContext, SeedScale, Widget } from "../../sdk";
import cy from "./locales/cy.json";
import enGB from "./locales/en-GB.json";
import { caseloadFigures } from "./migrations/0002-caseload";
import { caseloadTeamIndex } from "./migrations/0004-caseload-team-index";
import { caseloadMetrics as metrics } from "./server/metrics.server";
import { caseloadPersonalData as personalData } from "./server/personal-data.server";
import { seedCaseload as seed } from "./server/seed.server";
import { adminCaseloadWidget, teamCaseloadWidget } from "./server/widgets.server";

export const caseloadMigrations: Record<string, Migration> = { "0002-caseload": caseloadFigures, "0004-caseload-team-index": caseloadTeamIndex };

export const caseloadLocales: { "en-GB": object; cy: object } = { "en-GB": enGB, cy };

export const caseloadNavigation: NavEntry[] = [{ labelKey: "caseload.nav", path: "caseload", roles: ["manager", "learning_development", "admin"] }];

export const caseloadWidgets: Widget[] = [
  { id: "caseload-team", dashboard: "team", roles: ["manager"], load: teamCaseloadWidget },
  { id: "caseload-admin", dashboard: "admin", roles: ["learning_development", "admin"], load: (ctx) => adminCaseloadWidget(ctx) },
];

export const caseloadReports: { labelKey: string; path: string }[] = [{ labelKey: "caseload.report", path: "caseload/trend" }];

export function caseloadPersonalData(ctx: PluginContext, personId: number): Promise<Record<string, unknown[]>> {
  return personalData(ctx, personId);
}

export function seedCaseload(ctx: SeedContext, scale: SeedScale): Promise<void> {
  return seed(ctx, scale);
}

/** The caseload's figures for the quarterly key-metrics pack. */
export const caseloadMetrics: MetricsProvider = metrics;
