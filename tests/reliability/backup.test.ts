// `npm run backup` and `npm run restore` as an operator runs them, on whichever engine the suite runs on:
// a backup taken while the portal keeps writing restores to a whole, consistent, migrated database.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, SYSTEM_ACTOR } from "../../app/services/audit.server";
import { db } from "../../app/utils/db.server";
import { createDb, engineOf } from "../../db/connection";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { seedDemo } from "../support/fixtures";
import { createTestDatabaseUrl, dropTestDatabase } from "../support/test-database";

const exec = promisify(execFile);
const root = path.resolve(__dirname, "../..");
const workDir = path.join(root, ".tmp", "backups", String(process.pid));
const extension = engineOf(process.env.DATABASE_URL!) === "postgres" ? "dump" : "db";
let restoredUrl: string;

function npm(script: "backup" | "restore", args: string[], databaseUrl = process.env.DATABASE_URL!) {
  // node with tsx's loader, not npx: one process instead of three, seconds faster on a busy machine.
  return exec(process.execPath, ["--import", "tsx", `scripts/${script}.ts`, ...args], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 120_000 });
}

const count = async (table: "people" | "audit_events", database = db()) => Number((await database.selectFrom(table).select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow()).n);

beforeAll(async () => {
  await seedDemo();
  fs.mkdirSync(workDir, { recursive: true });
  restoredUrl = await createTestDatabaseUrl();
});

afterAll(async () => {
  await dropTestDatabase(restoredUrl);
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("a backup under load, restored", { timeout: 90_000 }, () => {
  it("holds everything written before it began, in a whole database that migrates to nothing new", async () => {
    const file = path.join(workDir, `under-load.${extension}`);
    let writing = true;
    let written = 0;
    // The portal keeps writing audit events all through the backup.
    const load = (async () => {
      while (writing) {
        await recordAudit(SYSTEM_ACTOR, { action: "load.test", subjectType: "load", subjectId: written });
        written += 1;
        // SQLite answers synchronously: give the backup's process and timers their turn between writes.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = await count("audit_events");
    const { stdout } = await npm("backup", [file]);
    writing = false;
    await load;
    const after = await count("audit_events");
    expect(stdout).toContain(`Backed up to ${file}`);
    expect(written).toBeGreaterThan(10);

    const restore = await npm("restore", [file], restoredUrl);
    expect(restore.stdout).toContain(`Restored ${file}`);
    const restored = createDb(restoredUrl);
    try {
      expect(await count("people", restored)).toBe(await count("people"));
      const events = await count("audit_events", restored);
      expect(events).toBeGreaterThanOrEqual(before);
      expect(events).toBeLessThanOrEqual(after);
      // Consistent: every audit event that refers to a person refers to one that is there.
      const orphans = await sql<{ n: number }>`select count(*) as n from audit_events a where a.person_id is not null and not exists (select 1 from people p where p.id = a.person_id)`.execute(restored);
      expect(Number(orphans.rows[0].n)).toBe(0);
    } finally {
      await restored.destroy();
    }
    const applied: string[] = [];
    await migrateDatabase(restoredUrl, (line) => applied.push(line));
    expect(applied.filter((line) => /^Migrated/.test(line))).toEqual([]);
  });
});

describe("mistakes an operator can make", { timeout: 90_000 }, () => {
  it("refuses to write over an earlier backup", async () => {
    const file = path.join(workDir, `twice.${extension}`);
    await npm("backup", [file]);
    await expect(npm("backup", [file])).rejects.toMatchObject({ stderr: expect.stringContaining("already exists: choose a new file for each backup.") });
  });

  it("says so when the backup to restore is not there, and changes nothing", async () => {
    const people = await count("people");
    await expect(npm("restore", [path.join(workDir, "missing.db")])).rejects.toMatchObject({ stderr: expect.stringContaining("There is no backup at") });
    await expect(npm("restore", [])).rejects.toMatchObject({ stderr: expect.stringContaining("Say which backup to restore") });
    expect(await count("people")).toBe(people);
  });
});
