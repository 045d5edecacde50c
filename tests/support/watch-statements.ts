// The SQL statements a call runs, in order, as text: for tests that hold a read to a bound (a register's save
// reads only the places marked, a run's completion only the places chosen, a sync a handful of statements).
// Through `observeQueries`, which sees a transaction's statements too, where the query tap behind
// `statementsRunBy` (statement-plans.ts) sees only those run outside one but gives their parameters. So that a
// bound cannot pass by seeing nothing (a count "no more than before", a list of whole-list reads that is
// empty), a watch that saw no statement fails.
import { observeQueries } from "../../app/utils/db.server";

interface Watch {
  /** Whether a statement run now counts: a test leaves out another module's reads by answering false meanwhile. */
  watching?: () => boolean;
}

/** Every statement `work` runs (while `watching()` answers true), in order; the watch ends whatever `work` does. */
export async function statementsSeenWhile(work: () => Promise<unknown>, { watching = () => true }: Watch = {}): Promise<string[]> {
  const statements: string[] = [];
  const stop = observeQueries((sql) => {
    if (watching()) statements.push(sql);
  });
  try {
    await work();
  } finally {
    stop();
  }
  if (statements.length === 0) throw new Error("No statement was seen: the watch would hold nothing to a bound.");
  return statements;
}
