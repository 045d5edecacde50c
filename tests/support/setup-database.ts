// Before each test file: point DATABASE_URL at a fresh database and migrate it, so every file starts
// from a real, empty, migrated schema. Files that need people call seedDemo() from ./fixtures.
import { afterAll } from "vitest";
import { createTestDatabaseUrl, dropTestDatabase } from "./test-database";
import { migrateDatabase } from "../../scripts/lib/migrate-database";
import { closeDb } from "../../app/utils/db.server";

const url = await createTestDatabaseUrl();
process.env.DATABASE_URL = url;
await migrateDatabase(url, () => undefined);

afterAll(async () => {
  await closeDb();
  await dropTestDatabase(url);
});
