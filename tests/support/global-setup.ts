// Runs once before the suite: a scratch folder of its own for per-file SQLite databases, so two runs in
// one checkout (a developer's and an editor's, say) never delete each other's databases.
import fs from "node:fs";
import path from "node:path";

export default function setup() {
  const scratch = path.resolve(__dirname, `../../.tmp/test-db/run-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  // Test workers are forked after this, so they inherit it.
  process.env.PATHWAYS_TEST_DB_DIR = scratch;
  return () => fs.rmSync(scratch, { recursive: true, force: true });
}
