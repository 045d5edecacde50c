// The folder that holds package.json, found from wherever this code runs: scripts/*.ts under tsx, or
// build/serve.js once `npm run build` has compiled the server into one file.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export function projectRootFrom(start: string): string {
  let folder = start;
  while (!existsSync(path.join(folder, "package.json"))) {
    const parent = path.dirname(folder);
    if (parent === folder) throw new Error(`No package.json above ${start}`);
    folder = parent;
  }
  return folder;
}

export const projectRoot = projectRootFrom(path.dirname(fileURLToPath(import.meta.url)));
