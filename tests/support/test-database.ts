// A fresh, empty database for one test file: a new SQLite file, or a new PostgreSQL database on the
// server named by TEST_DATABASE_URL. Nothing is mocked: the code under test opens it through DATABASE_URL.
import { randomUUID } from "node:crypto";
import path from "node:path";
import pg from "pg";

export const onPostgres = () => Boolean(process.env.TEST_DATABASE_URL);

export async function createTestDatabaseUrl(): Promise<string> {
  const name = `pathways_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  if (!onPostgres()) return path.join(process.env.PATHWAYS_TEST_DB_DIR ?? path.resolve(__dirname, "../../.tmp/test-db"), `${name}.db`);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(url: string) {
  if (!onPostgres()) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}
