// A service that may be called on its own or as part of a caller's larger change: in the caller's
// transaction when given one (so the whole change is kept or none of it), in a transaction of its own otherwise.
import type { Kysely } from "kysely";

export function withinTransaction<DB, T>(executor: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return executor.isTransaction ? work(executor) : executor.transaction().execute(work);
}
