// The creates whose form carries the page's one-time token (app/services/submitted-forms.server.ts): an
// audit, a finding, a learning action, a rollout, a briefing, a session cohort. None has a key of its own
// to meet on, so the token is claimed in the transaction that saves: the same form sent twice (a double
// click, a resend), even at the same moment, saves once. A refusal met in that transaction rolls the claim
// back with everything else, so the corrected form, still carrying its token, saves. The id of what the
// first send made is kept with the claim, so a second send can land on that record (`madeBefore`) rather
// than on a list.
import type { Kysely } from "kysely";
import { claimFormToken, madeBy, recordMade } from "../../../app/services/submitted-forms.server";
import type { Database } from "../../../app/utils/db.server";

/** Carries a refusal out of the transaction, so the transaction rolls back. */
class Refused extends Error {
  constructor(readonly outcome: unknown) {
    super("refused");
  }
}

/** What a create answers: the id of the record it made, or a refusal. */
type Made = { ok: true; id: number } | { ok: false };

/**
 * What `work` answers, done in one transaction with the claim of `formToken`: null, doing nothing, when
 * the form carrying it was saved before (`madeBefore` then finds what it made). An answer that is not `ok`
 * keeps nothing, the claim included; one that is keeps the id it made with the claim.
 */
export async function onceForForm<DB, T extends Made>(database: Kysely<DB>, formToken: string | null, work: (trx: Kysely<DB>) => Promise<T>): Promise<T | null> {
  try {
    return await database.transaction().execute(async (trx) => {
      const host = trx as unknown as Kysely<Database>;
      if (!(await claimFormToken(host, formToken))) return null;
      const outcome: Made = await work(trx);
      if (!outcome.ok) throw new Refused(outcome);
      await recordMade(host, formToken, outcome.id);
      return outcome as T;
    });
  } catch (error) {
    if (error instanceof Refused) return error.outcome as T;
    throw error;
  }
}

/**
 * The id of the record the form carrying `formToken` made when first sent, for a send that found its token
 * claimed (`onceForForm` answered null): null when the first send kept no id (a token claimed before ids
 * were kept, or gone with age) or `stillThere` no longer finds the record, so the send lands where it did
 * before ids were kept.
 */
export async function madeBefore(formToken: string | null, stillThere: (id: number) => Promise<boolean>): Promise<number | null> {
  const kept = await madeBy(formToken);
  const id = kept === null ? NaN : Number(kept);
  return Number.isSafeInteger(id) && (await stillThere(id)) ? id : null;
}
