// How many rows the database hands to JavaScript while `work` runs: what a page draws into memory, which
// must not grow with the data held (a course's past runs, the apprentices who completed years ago).
import { db } from "../../app/utils/db.server";

export async function rowsReadBy(work: () => Promise<unknown>) {
  const executor = db().getExecutor();
  const ownMethod = Object.prototype.hasOwnProperty.call(executor, "executeQuery");
  const method = executor.executeQuery;
  const original = method.bind(executor);
  let rows = 0;
  executor.executeQuery = (async (...args: Parameters<typeof original>) => {
    const result = await original(...args);
    rows += result.rows.length;
    return result;
  }) as typeof executor.executeQuery;
  try {
    await work();
  } finally {
    if (ownMethod) executor.executeQuery = method;
    else delete (executor as Partial<typeof executor>).executeQuery;
  }
  return rows;
}
