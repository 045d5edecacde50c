// Online backup and restore of the live database: SQLite's backup API (consistent while the portal keeps
// writing) or pg_dump/pg_restore for PostgreSQL. Used by `npm run backup` and `npm run restore`.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { engineOf } from "../../db/connection";

export type Progress = (done: number, total: number) => void;

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

const sqliteFile = (url: string) => url.replace(/^sqlite:(\/\/)?/, "");

/** The connection without its password, which goes to the child in PGPASSWORD so no process list shows it. */
function pgConnection(url: string) {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  const env: Record<string, string> = password ? { PGPASSWORD: password } : {};
  return { url: parsed.toString(), env };
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "pipe"], env: { ...process.env, ...env } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", (error) => reject(new Error(`Could not start ${path.basename(command)}: ${error.message}`)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(command)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** Checks a SQLite file is a whole, uncorrupted database, closing it whatever happens. */
function checkIntegrity(file: string) {
  const database = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const result = database.pragma("integrity_check", { simple: true });
    if (result !== "ok") throw new Error(`${file} failed its integrity check: ${result}`);
  } finally {
    database.close();
  }
}

/** Writes a backup of the database at `url` to `out`, while the portal may go on writing to it. */
export async function backupDatabase(url: string, out: string, progress: Progress = () => undefined) {
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  if (fs.existsSync(out)) throw new Error(`${out} already exists: choose a new file for each backup.`);
  // Written under a working name and renamed only when whole, so a failed run never looks like a backup.
  const partial = `${out}.partial`;
  if (engineOf(url) === "postgres") {
    const connection = pgConnection(url);
    try {
      await run(path.join(PG_BIN, "pg_dump"), ["--format=custom", "--no-owner", `--file=${partial}`, `--dbname=${connection.url}`], connection.env);
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
    fs.renameSync(partial, out);
    return;
  }
  const source = new SQLite(sqliteFile(url), { fileMustExist: true });
  try {
    await source.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        progress(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    source.close();
  }
  checkIntegrity(partial);
  // Only a finished, checked backup takes the final name, so a half-written file is never mistaken for one.
  fs.renameSync(partial, out);
}

/** Replaces the database at `url` with the backup in `file`, all at once; the portal should be stopped. */
export async function restoreDatabase(url: string, file: string, progress: Progress = () => undefined) {
  if (!fs.existsSync(file)) throw new Error(`There is no backup at ${file}.`);
  if (engineOf(url) === "postgres") {
    const connection = pgConnection(url);
    await run(path.join(PG_BIN, "pg_restore"), ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", `--dbname=${connection.url}`, file], connection.env);
    return;
  }
  checkIntegrity(file);
  const target = sqliteFile(url);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  // The backup API copies the backup over the live file page by page under SQLite's own locks, so the
  // result is the backup exactly, and the write-ahead log is reset with it.
  const backup = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await backup.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        progress(totalPages - remainingPages, totalPages);
        return 1000;
      },
    });
  } finally {
    backup.close();
  }
  checkIntegrity(target);
}
