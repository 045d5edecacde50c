// The creates whose form carries the page's one-time token (app/services/submitted-forms.server.ts): an
// audit, a finding, a learning action, a rollout. None has a key of its own to meet on, so the token is
// claimed in the transaction that saves: the same form sent twice (a double click, a resend), even at the
// same moment, saves once. A refusal met in that transaction rolls the claim back with everything else,
// so the corrected form, still carrying its token, saves.
import type { Kysely } from "kysely";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import type { Database } from "../../../app/utils/db.server";

/** Carries a refusal out of the transaction, so the transaction rolls back. */
class Refused extends Error {
  constructor(readonly outcome: unknown) {
    super("refused");
  }
}

/**
 * What `work` answers, done in one transaction with the claim of `formToken`: null, doing nothing, when
 * the form carrying it was saved before. An answer that is not `ok` keeps nothing, the claim included.
 */
export async function onceForForm<DB, T extends { ok: boolean }>(database: Kysely<DB>, formToken: string | null, work: (trx: Kysely<DB>) => Promise<T>): Promise<T | null> {
  try {
    return await database.transaction().execute(async (trx) => {
      if (!(await claimFormToken(trx as unknown as Kysely<Database>, formToken))) return null;
      const outcome = await work(trx);
      if (!outcome.ok) throw new Refused(outcome);
      return outcome;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome as T;
    throw error;
  }
}
