// A database that cannot save (read-only, out of disk, failing disk, no connection to spare) is
// recognised here, in one place, whichever engine answered. The request then ends in a 503 page that
// says nothing was saved, and the log gets one line naming the cause, instead of a bare 500.
import { englishErrorBody, errorBody } from "./request-language.server";

export type StorageFailureCause = "read-only" | "disk-full" | "disk-error" | "busy" | "no-connection";

const SQLITE_CAUSES: [RegExp, StorageFailureCause][] = [
  [/^SQLITE_READONLY/, "read-only"],
  [/^SQLITE_FULL$/, "disk-full"],
  [/^SQLITE_IOERR/, "disk-error"],
  [/^SQLITE_BUSY/, "busy"],
];

// PostgreSQL's SQLSTATE codes.
const POSTGRES_CAUSES: Record<string, StorageFailureCause> = {
  "25006": "read-only", // read_only_sql_transaction: a standby, or default_transaction_read_only
  "53100": "disk-full", // disk_full
  "58030": "disk-error", // io_error
  "53300": "no-connection", // too_many_connections
  "57P03": "no-connection", // cannot_connect_now: starting up or shutting down
};

const DESCRIPTIONS: Record<StorageFailureCause, string> = {
  "read-only": "the database is read-only",
  "disk-full": "the database's disk is full",
  "disk-error": "the database's disk failed to read or write",
  busy: "another process held the database's write lock for too long",
  "no-connection": "the database server accepts no more connections",
};

/** What the user's browser is sent outside a request's language; a page comes from the root ErrorBoundary. */
export const STORAGE_FAILURE_TEXT = englishErrorBody("storageUnavailable");

/**
 * Thrown in place of the engine's error. A Response, so a loader or action that meets it ends in the
 * root ErrorBoundary with status 503; it carries a message for command-line scripts.
 */
export class StorageFailure extends Response {
  readonly failure: StorageFailureCause;
  readonly code: string;

  constructor(failure: StorageFailureCause, code: string) {
    super(errorBody("storageUnavailable"), { status: 503, statusText: "Service Unavailable", headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "60" } });
    this.failure = failure;
    this.code = code;
  }

  get message() {
    return `The database cannot save changes: ${DESCRIPTIONS[this.failure]} (${this.code}). Nothing was saved.`;
  }

  // A command-line script that prints what it caught prints the message, not the Response's insides.
  toString() {
    return this.message;
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return this.message;
  }
}

/** The cause and the engine's code when `error` is the database being unable to save, else null. */
export function classifyStorageFailure(error: unknown): { failure: StorageFailureCause; code: string } | null {
  const code = typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : "";
  if (!code) return null;
  const sqlite = SQLITE_CAUSES.find(([pattern]) => pattern.test(code));
  if (sqlite) return { failure: sqlite[1], code };
  const postgres = POSTGRES_CAUSES[code];
  return postgres ? { failure: postgres, code } : null;
}

/** The database connection's error translator: a storage failure is logged once and becomes a 503. */
export function asStorageFailure(error: unknown): unknown {
  if (error instanceof StorageFailure) return error;
  const found = classifyStorageFailure(error);
  if (!found) return error;
  const failure = new StorageFailure(found.failure, found.code);
  console.error(`Storage failure: ${failure.message}`);
  return failure;
}
