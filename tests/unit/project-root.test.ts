// The compiled server (build/serve.js) and the TypeScript scripts find the build and static files from
// the same project folder, however deep the file that asks.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot, projectRootFrom } from "../../scripts/lib/project-root";

describe("projectRootFrom", () => {
  it("finds the nearest folder above that holds package.json", () => {
    const top = mkdtempSync(path.join(tmpdir(), "pathways-root-"));
    writeFileSync(path.join(top, "package.json"), "{}");
    const deep = path.join(top, "build", "server", "assets");
    mkdirSync(deep, { recursive: true });
    expect(projectRootFrom(deep)).toBe(top);
    expect(projectRootFrom(top)).toBe(top);
  });

  it("says where it looked when no folder above holds package.json", () => {
    const lonely = mkdtempSync(path.join(tmpdir(), "pathways-no-root-"));
    expect(() => projectRootFrom(lonely)).toThrow(`No package.json above ${lonely}`);
  });

  it("is this repository's folder for the scripts", () => {
    expect(projectRoot).toBe(path.resolve(__dirname, "../.."));
  });
});
