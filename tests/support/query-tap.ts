// Runs `work` with every statement the app's database runs outside a transaction passed through `through`
// first, which runs it and may look at it and its result: what counting the rows a page reads and listing
// the statements it runs both need. The executor is put back as it was, whatever `work` does. A transaction
// runs its statements through an executor of its own, which this does not see (`observeQueries` sees every
// statement's text, in a transaction or not): so that a bound on what a page reads cannot pass by seeing
// nothing, `work` that ran no statement here fails.
import type { CompiledQuery, QueryResult } from "kysely";
import { db } from "../../app/utils/db.server";

type Run = (query: CompiledQuery) => Promise<QueryResult<unknown>>;

export async function withQueriesThrough(through: (query: CompiledQuery, run: Run) => Promise<QueryResult<unknown>>, work: () => Promise<unknown>) {
  const executor = db().getExecutor();
  const ownMethod = Object.prototype.hasOwnProperty.call(executor, "executeQuery");
  const method = executor.executeQuery;
  const original = method.bind(executor) as (query: CompiledQuery, ...rest: unknown[]) => Promise<QueryResult<unknown>>;
  let seen = 0;
  executor.executeQuery = ((query: CompiledQuery, ...rest: unknown[]) => {
    seen += 1;
    return through(query, (q) => original(q, ...rest));
  }) as typeof executor.executeQuery;
  try {
    await work();
  } finally {
    if (ownMethod) executor.executeQuery = method;
    else delete (executor as Partial<typeof executor>).executeQuery;
  }
  if (seen === 0) throw new Error("No statement was seen outside a transaction: count a transaction's statements with observeQueries instead.");
}
