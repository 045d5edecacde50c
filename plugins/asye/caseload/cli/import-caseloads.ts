// `npm run import:caseloads -- report.csv`: the same weekly caseload import as
// /programmes/asye/caseload/import, with a progress line, for files too large to upload comfortably.
// Exit code 0 when applied, 1 when the file was rejected (every problem is listed), 2 on bad usage.
import fs from "node:fs";
import { SYSTEM_ACTOR } from "../../../../app/services/audit.server";
import { env } from "../../../../app/utils/env.server";
import { fixedT } from "../../../../app/utils/i18n.server";
import { migrateDatabase } from "../../../../scripts/lib/migrate-database";
import { progressLine } from "../../../../scripts/lib/progress";
import { runScript } from "../../../../scripts/lib/run";
import { importCaseloads } from "../server/import.server";

async function main() {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error("Usage: npm run import:caseloads -- path/to/caseloads.csv");
    return 2;
  }
  await migrateDatabase(env.databaseUrl, () => undefined);
  const t = fixedT("en-GB", "asye");
  const progress = progressLine();
  const outcome = await importCaseloads(fs.readFileSync(file), SYSTEM_ACTOR, (phase, done, total) => progress(phase, done, total));
  if (!outcome.ok) {
    console.error(`${file} was not imported. Problems found: ${outcome.problems.length}. Nothing has changed.`);
    for (const p of outcome.problems) console.error(`  line ${p.line}${p.column ? ` (${p.column})` : ""}: ${t(p.key, p.values)}`);
    return 1;
  }
  for (const w of outcome.weeks) console.log(`Week beginning ${w.weekOf}: ${w.changed ? "figures saved" : "figures unchanged"}: ${w.rows}.`);
  return 0;
}

runScript(main);
