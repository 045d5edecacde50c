// The statements a page or service runs, with their parameters, and how SQLite would read each: for tests
// that hold a query to an index rather than to a read of a whole table.
import { CompiledQuery, sql } from "kysely";
import { db } from "../../app/utils/db.server";
import { withQueriesThrough } from "./query-tap";

/** Every statement `work` runs, in order, as sent (with its parameters). */
export async function statementsRunBy(work: () => Promise<unknown>): Promise<CompiledQuery[]> {
  const statements: CompiledQuery[] = [];
  await withQueriesThrough((query, run) => {
    statements.push(query);
    return run(query);
  }, work);
  return statements;
}

/** The one statement of `statements` that `matches`; fails unless there is exactly one. */
export function onlyStatement(statements: CompiledQuery[], matches: (sql: string) => boolean): CompiledQuery {
  const found = statements.filter((s) => matches(s.sql));
  if (found.length !== 1) throw new Error(`Expected one matching statement, found ${found.length}:\n${statements.map((s) => s.sql).join("\n")}`);
  return found[0];
}

/** SQLite's EXPLAIN QUERY PLAN of the statement with its own parameters, one step a line. */
export async function sqlitePlan(statement: CompiledQuery): Promise<string> {
  const plan = await db().executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${statement.sql}`, [...statement.parameters]));
  return plan.rows.map((r) => r.detail).join("\n");
}

/** SQLite's program for the statement (EXPLAIN), one instruction a row: to see how far it steps an index. */
export async function sqliteProgram(statement: CompiledQuery) {
  const program = await db().executeQuery<{ opcode: string; p1: number; p2: number }>(CompiledQuery.raw(`explain ${statement.sql}`, [...statement.parameters]));
  return program.rows;
}

/** PostgreSQL's EXPLAIN of the statement with its own parameters, one line a row. */
export async function postgresPlan(statement: CompiledQuery): Promise<string> {
  const plan = await db().executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${statement.sql}`, [...statement.parameters]));
  return plan.rows.map((r) => r["QUERY PLAN"]).join("\n");
}

/**
 * PostgreSQL's EXPLAIN as a planner facing a national table would choose: sequential scans off (and sorts
 * too, when `withoutSorts`), since on a test's few hundred rows it rightly scans the table whole, and the plan
 * would say nothing of whether an index can serve the statement.
 */
export async function postgresPlanAtScale(statement: CompiledQuery, { withoutSorts = false } = {}): Promise<string> {
  return db()
    .transaction()
    .execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      if (withoutSorts) await sql`set local enable_sort = off`.execute(trx);
      const plan = await trx.executeQuery<{ "QUERY PLAN": string }>(CompiledQuery.raw(`explain ${statement.sql}`, [...statement.parameters]));
      return plan.rows.map((row) => row["QUERY PLAN"]).join("\n");
    });
}
