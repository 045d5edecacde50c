// Issue 9, "Faults": a database that cannot save. Through the built portal over HTTP, a staff import
// POSTed while the database is read-only (both engines) or its disk is full (SQLite) answers 503 with a
// page saying nothing was saved, in English and in Welsh, and logs one line naming the cause; every row
// is as it was, and once the database can write again the same import succeeds.
import { inspect } from "node:util";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { closeDb, db } from "../../app/utils/db.server";
import { classifyStorageFailure, STORAGE_FAILURE_TEXT, StorageFailure } from "../../app/utils/storage-failure.server";
import { engineOf, sqliteFileOf } from "../../db/connection";
import { fingerprint } from "../support/fault-fingerprint";
import { cookieFor, seedDemo } from "../support/fixtures";
import { startServer, type RunningServer } from "../support/server";
import { staffCsv } from "../support/staff-csv";

const url = () => process.env.DATABASE_URL!;
const engine = engineOf(process.env.DATABASE_URL!);

/** A way to take write access away from the portal's database and give it back. */
interface Fault {
  name: string;
  cause: RegExp;
  apply: () => Promise<void>;
  undo: () => Promise<void>;
}

// The server runs in this process and shares its one SQLite connection (app/utils/db.server.ts), so a
// PRAGMA here applies to the connection the portal writes through.
const sqliteFaults: Fault[] = [
  {
    // What a read-only file or mount gives: SQLite's own read-only mode of the connection.
    name: "a read-only database",
    cause: /the database is read-only \(SQLITE_READONLY\)/,
    apply: () => sql`pragma query_only = on`.execute(db()).then(() => undefined),
    undo: () => sql`pragma query_only = off`.execute(db()).then(() => undefined),
  },
  (() => {
    let ceiling = 0;
    return {
      // The file may not grow by a single page: the disk is full.
      name: "a full disk",
      cause: /the database's disk is full \(SQLITE_FULL\)/,
      apply: async () => {
        ceiling = Number((await sql<{ max_page_count: number }>`pragma max_page_count`.execute(db())).rows[0].max_page_count);
        const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(db())).rows[0].page_count;
        // Free pages inside the file would take a few rows before the disk "fills"; the import below needs far more.
        expect((await sql<{ freelist_count: number }>`pragma freelist_count`.execute(db())).rows[0].freelist_count).toBeLessThan(20);
        await sql.raw(`pragma max_page_count = ${pages}`).execute(db());
      },
      undo: () => sql.raw(`pragma max_page_count = ${ceiling}`).execute(db()).then(() => undefined),
    };
  })(),
];

// New sessions take the database's default; a fresh pool makes every connection a new session.
async function setPostgresReadOnly(on: boolean) {
  const name = new URL(url()).pathname.slice(1);
  const admin = new pg.Client({ connectionString: url() });
  await admin.connect();
  try {
    await admin.query(`set default_transaction_read_only = off`);
    await admin.query(`alter database ${name} set default_transaction_read_only = ${on ? "on" : "off"}`);
  } finally {
    await admin.end();
  }
  await closeDb();
}

const postgresFaults: Fault[] = [
  {
    name: "a read-only database",
    cause: /the database is read-only \(25006\)/,
    apply: () => setPostgresReadOnly(true),
    undo: () => setPostgresReadOnly(false),
  },
];

let server: RunningServer;
let cookie: string;

beforeAll(async () => {
  await seedDemo();
  cookie = await cookieFor("ld");
  server = await startServer();
});

afterAll(() => server.close());

afterEach(() => vi.restoreAllMocks());

let batch = 0;
/** A staff file of new people, different each time, big enough to need many new pages. */
function newStaff(count: number) {
  batch += 1;
  return staffCsv(Array.from({ length: count }, (_, i) => ({ employee: `S${batch}-${String(i).padStart(4, "0")}` })));
}

function postImport(csv: string, query = "") {
  const form = new FormData();
  form.set("file", new Blob([csv], { type: "text/csv" }), "staff.csv");
  return fetch(`${server.url}/admin/people/import${query}`, { method: "POST", headers: { Origin: server.url, Cookie: cookie }, body: form });
}

const importedPeople = (prefix: string) => db().selectFrom("people").select("id").where("employee_number", "like", `${prefix}-%`).execute();

describe("a database that cannot save", () => {
  it.each(engine === "sqlite" ? sqliteFaults : postgresFaults)("$name: a write answers 503 in English and Welsh, logs the cause once, and saves nothing; the retry succeeds", async (fault) => {
    const csv = newStaff(600);
    const before = await fingerprint(db());
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    await fault.apply();
    let english: Response, welsh: Response;
    try {
      english = await postImport(csv);
      welsh = await postImport(csv, "?lng=cy");
    } finally {
      await fault.undo();
    }

    expect(english.status).toBe(503);
    const page = await english.text();
    expect(page).toContain("The portal cannot save changes at the moment");
    expect(page).toContain("Nothing was saved.");
    expect(welsh.status).toBe(503);
    expect(await welsh.text()).toContain("Ni all y porth gadw newidiadau ar hyn o bryd");
    const causes = logged.mock.calls.map((args) => args.map(String).join(" ")).filter((line) => line.startsWith("Storage failure:"));
    expect(causes).toHaveLength(2);
    for (const line of causes) expect(line).toMatch(fault.cause);
    logged.mockRestore();

    expect(await fingerprint(db())).toEqual(before);
    if (engine === "sqlite") expect(new SQLite(sqliteFileOf(url()), { readonly: true }).pragma("integrity_check", { simple: true })).toBe("ok");

    const retry = await postImport(csv);
    expect(retry.status).toBe(200);
    expect(await retry.text()).toContain("People added: 600");
    expect(await importedPeople(`S${batch}`)).toHaveLength(600);
  });
});

describe("recognising a database that cannot save", () => {
  it("knows the engine's own refusal to write to a read-only database", async () => {
    const error = engine === "sqlite" ? sqliteReadOnlyRefusal() : await postgresReadOnlyRefusal();
    expect(classifyStorageFailure(error)).toEqual({ failure: "read-only", code: engine === "sqlite" ? "SQLITE_READONLY" : "25006" });
  });

  it("knows each engine's codes for read-only, full, failing and unreachable storage, and nothing else", () => {
    const codes = ["SQLITE_READONLY_DBMOVED", "SQLITE_FULL", "SQLITE_IOERR_WRITE", "SQLITE_BUSY", "25006", "53100", "58030", "53300", "57P03", "23505", "SQLITE_CONSTRAINT_UNIQUE", "ECONNRESET"];
    expect(codes.map((code) => classifyStorageFailure(Object.assign(new Error("x"), { code }))?.failure ?? null)).toEqual([
      "read-only", "disk-full", "disk-error", "busy", "read-only", "disk-full", "disk-error", "no-connection", "no-connection", null, null, null,
    ]);
    expect(classifyStorageFailure(new Error("no code"))).toBeNull();
    expect(classifyStorageFailure("a string")).toBeNull();
  });

  it("becomes a 503 that a command-line script prints as one plain sentence", async () => {
    const failure = new StorageFailure("disk-full", "53100");
    expect(failure.status).toBe(503);
    expect(await failure.text()).toBe(STORAGE_FAILURE_TEXT);
    const sentence = "The database cannot save changes: the database's disk is full (53100). Nothing was saved.";
    expect(String(failure)).toBe(sentence);
    expect(inspect(failure)).toBe(sentence);
  });
});

const WRITE = "insert into settings (key, value_json, updated_at) values ('storage-failure-test', '{}', '2026-01-01')";

function sqliteReadOnlyRefusal() {
  const file = new SQLite(sqliteFileOf(url()), { readonly: true });
  try {
    file.exec(WRITE);
  } catch (error) {
    return error;
  } finally {
    file.close();
  }
  throw new Error("A read-only connection wrote");
}

async function postgresReadOnlyRefusal() {
  const client = new pg.Client({ connectionString: url() });
  await client.connect();
  try {
    await client.query("begin read only");
    await client.query(WRITE);
  } catch (error) {
    return error;
  } finally {
    await client.query("rollback");
    await client.end();
  }
  throw new Error("A read-only transaction wrote");
}
