// Runs `work` with every statement the app's database runs passed through `through` first, which runs it
// (or not) and may look at it and its result: what counting the rows a page reads and listing the
// statements it runs both need. The executor is put back as it was, whatever `work` does.
import type { CompiledQuery, QueryResult } from "kysely";
import { db } from "../../app/utils/db.server";

type Run = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

export async function withQueriesThrough(through: (query: CompiledQuery, run: Run) => Promise<QueryResult<unknown>>, work: () => Promise<unknown>) {
  const executor = db().getExecutor();
  const ownMethod = Object.prototype.hasOwnProperty.call(executor, "executeQuery");
  const method = executor.executeQuery;
  const original = method.bind(executor) as (query: CompiledQuery, ...rest: unknown[]) => Promise<QueryResult<unknown>>;
  executor.executeQuery = ((query: CompiledQuery, ...rest: unknown[]) => through(query, (q) => original(q, ...rest))) as typeof executor.executeQuery;
  try {
    await work();
  } finally {
    if (ownMethod) executor.executeQuery = method;
    else delete (executor as Partial<typeof executor>).executeQuery;
  }
}
