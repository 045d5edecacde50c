// How many rows the database hands to JavaScript while `work` runs: what a page draws into memory, which
// must not grow with the data held (a course's past runs, the apprentices who completed years ago).
import { withQueriesThrough } from "./query-tap";

export async function rowsReadBy(work: () => Promise<unknown>) {
  let rows = 0;
  await withQueriesThrough(async (query, run) => {
    const result = await run(query);
    rows += result.rows.length;
    return result;
  }, work);
  return rows;
}
