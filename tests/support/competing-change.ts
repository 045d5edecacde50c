// A competing request, arriving at the one moment a check can be beaten: just after a service first reads
// what it is about to change. Kysely's query executor is patched for the duration, so the read is seen in
// any transaction. The change is given up to `waitMs` to finish before the service goes on: a service that
// holds the lock the change needs keeps it waiting until it is done, so the change lands after it; one that
// does not lets it land in between, which is what a test of the lock must see fail.
import { DefaultQueryExecutor, type CompiledQuery } from "kysely";

export async function whenFirstRead<T>(read: RegExp, change: () => Promise<unknown>, work: () => Promise<T>, waitMs = 300) {
  const prototype = DefaultQueryExecutor.prototype as { executeQuery: (query: CompiledQuery) => Promise<unknown> };
  const ownMethod = Object.prototype.hasOwnProperty.call(prototype, "executeQuery");
  const original = prototype.executeQuery;
  let changing: Promise<unknown> | null = null;
  prototype.executeQuery = async function (this: DefaultQueryExecutor, query: CompiledQuery) {
    const result = await original.call(this, query);
    if (!changing && read.test(query.sql)) {
      changing = change();
      await Promise.race([changing, new Promise((resolve) => setTimeout(resolve, waitMs))]);
    }
    return result;
  };
  try {
    return await work();
  } finally {
    if (ownMethod) prototype.executeQuery = original;
    else delete (prototype as Partial<typeof prototype>).executeQuery;
    await changing;
  }
}
