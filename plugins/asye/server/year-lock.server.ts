// What the changes to an ASYE year (changes.server.ts) and its recommendation and decision
// (decisions.server.ts) share: the transaction each runs in with its audit event, and the year's row each
// takes first. Kept apart from both so each imports it without importing the other.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../../../app/utils/db.server";
import { isPostgres } from "../../sdk/migrations";
import { asyeDb, type AsyeDatabase } from "./db.server";
import type { YearPicture } from "./years.server";

export const stamp = () => new Date().toISOString();

/** The plugin's transaction as the host's services take it: the same connection, typed without our tables. */
export const asHost = (trx: Transaction<AsyeDatabase>) => trx as unknown as Kysely<Database>;

/**
 * Runs a change and its audit event in one transaction, so a failure between them (the audit insert
 * refused, the process stopping) cannot leave a change nobody can trace.
 */
export const withAudit = <T>(work: (trx: Transaction<AsyeDatabase>) => Promise<T>) => asyeDb().transaction().execute(work);

export type ChangeResult<E extends string> = { ok: true; id?: number } | { ok: false; error: E };

/**
 * Takes the year's row for the rest of the transaction: PostgreSQL locks it (SQLite's transactions begin
 * IMMEDIATE and hold its one write lock already). The changes to the year and the recommendation and
 * decision all take it first, so each waits for the other to commit and then reads what it committed.
 */
export const lockedYear = (trx: Transaction<AsyeDatabase>, yearId: number) =>
  trx
    .selectFrom("asye_years")
    .select("decision")
    .where("id", "=", yearId)
    .$if(isPostgres(trx), (qb) => qb.forUpdate())
    .executeTakeFirst();

/**
 * Whether the year is still open to reviews, evidence, supervision and leave as the change lands. The page
 * checked it as read, but a panel deciding at the same moment may have passed or failed it since: a review
 * or leave added then would change a record already decided (leave would even move its end).
 */
export async function stillOpen(trx: Transaction<AsyeDatabase>, yearId: number) {
  const year = await lockedYear(trx, yearId);
  return year !== undefined && (year.decision === null || year.decision === "extend");
}

export const isOpen = (picture: YearPicture) => picture.status === "in_progress" || picture.status === "awaiting_decision";
