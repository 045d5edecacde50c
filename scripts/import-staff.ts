// `npm run import:staff -- file.csv`: the same HR import as /admin/people/import, with a progress line.
// Exit code 0 when applied, 1 when the file was rejected (every problem is listed), 2 on bad usage.
import fs from "node:fs";
import { env } from "../app/utils/env.server";
import { fixedT } from "../app/utils/i18n.server";
import { importStaff } from "../app/services/staff-import.server";
import { SYSTEM_ACTOR } from "../app/services/audit.server";
import { migrateDatabase } from "./lib/migrate-database";
import { runScript } from "./lib/run";
import { progressLine } from "./lib/progress";

/**
 * A problem names what the file holds (a column's name, a team), and a file may hold a terminal's escape
 * sequences: each control character is shown as its code, so none reaches the terminal.
 */
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u001F\u007F-\u009F]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);

async function main() {
  const file = process.argv[2];
  if (!file || !fs.existsSync(file)) {
    console.error("Usage: npm run import:staff -- path/to/staff.csv");
    return 2;
  }
  await migrateDatabase(env.databaseUrl, () => undefined);
  const t = fixedT("en-GB");
  const progress = progressLine();
  const started = Date.now();
  // The file's bytes, not text: the import names UTF-16 and Windows-1252 files, as the page does.
  const outcome = await importStaff(fs.readFileSync(file), SYSTEM_ACTOR, (phase, done, total) => progress(phase, done, total));
  if (!outcome.ok) {
    console.error(`${file} was not imported. Problems found: ${outcome.problems.length}. Nothing has changed.`);
    for (const p of outcome.problems) console.error(printable(`  line ${p.line}${p.column ? ` (${p.column})` : ""}: ${t(p.key, p.values)}`));
    return 1;
  }
  console.log(`Rows imported: ${outcome.rows}, in ${((Date.now() - started) / 1000).toFixed(1)} s. Added: ${outcome.created}, updated: ${outcome.updated}, unchanged: ${outcome.unchanged}.`);
  return 0;
}

runScript(main);
