// The caseload tests run whether or not plugins/asye is registered in app/plugins.server.ts yet: when it
// is not, the caseload part is registered on its own as the "asye" test plugin and its migration applied,
// so its loaders, actions and seed run for real against the migrated database.
import { findInstalledPlugin, installedPlugins, registerTestPlugin } from "../../../app/plugins.server";
import { db } from "../../../app/utils/db.server";
import { migrateAll } from "../../../db/migrate";
import { definePlugin } from "../../sdk";
import { caseloadLocales, caseloadMigrations, caseloadNavigation, caseloadPersonalData, caseloadReports, caseloadWidgets, seedCaseload } from "../caseload";
import { PLUGIN_ID } from "../caseload/constants";

export async function ensureCaseloadPlugin() {
  if (findInstalledPlugin(PLUGIN_ID)) return;
  registerTestPlugin(
    definePlugin({
      id: PLUGIN_ID,
      version: "0.0.0-test",
      titleKey: "caseload.title",
      summaryKey: "caseload.intro",
      migrations: caseloadMigrations,
      locales: { "en-GB": { caseload: caseloadLocales["en-GB"] }, cy: { caseload: caseloadLocales.cy } },
      navigation: caseloadNavigation,
      widgets: caseloadWidgets,
      reports: caseloadReports,
      personalData: caseloadPersonalData,
      seed: seedCaseload,
    }),
  );
  await migrateAll(db(), installedPlugins());
}

/** A CSV of the weekly caseload report. */
export function caseloadCsv(rows: [string, string, string | number][], header = "employee_number,date,allocated_cases") {
  return [header, ...rows.map((r) => r.join(","))].join("\n") + "\n";
}

/** Employee numbers and ids of people at a career stage, lowest id first. */
export async function peopleAtStage(stage: string, count: number) {
  const rows = await db().selectFrom("people").select(["id", "employee_number"]).where("career_stage", "=", stage).orderBy("id").limit(count).execute();
  if (rows.length < count) throw new Error(`Only ${rows.length} people at ${stage}; the test needs ${count}`);
  return rows;
}
