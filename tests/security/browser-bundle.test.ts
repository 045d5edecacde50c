// The browser bundle must hold no server-only package: database drivers, the query builder, hashing.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const assets = path.resolve(__dirname, "../../build/client/assets");

describe("the browser bundle", () => {
  const files = fs.existsSync(assets) ? fs.readdirSync(assets, { recursive: true }).map(String).filter((f) => f.endsWith(".js")) : [];

  it("exists (npm test builds it first)", () => {
    expect(files.length).toBeGreaterThan(3);
  });

  it.each(["better-sqlite3", "kysely", "pg-pool", "pg-protocol", "argon2", "lucia", "csv-parse", "csv-stringify", "node:fs"])("does not contain %s", (name) => {
    const offenders = files.filter((f) => fs.readFileSync(path.join(assets, f), "utf8").includes(name));
    expect(offenders).toEqual([]);
  });

  it("still contains the code the browser needs", () => {
    const all = files.map((f) => fs.readFileSync(path.join(assets, f), "utf8")).join("\n");
    expect(all).toContain("/locales/{{lng}}/{{ns}}");
  });
});
