// Runs once before the suite: a clean scratch folder for per-file SQLite databases.
import fs from "node:fs";
import path from "node:path";

export default function setup() {
  const scratch = path.resolve(__dirname, "../../.tmp/test-db");
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  return () => fs.rmSync(scratch, { recursive: true, force: true });
}
