// One-time form tokens. A form that adds a record each time it is saved (a CPD entry, a levy payment)
// carries one, so a second click or the same form sent again saves nothing twice: each send of a page's
// form carries the token the page was drawn with, and the action claims it in the transaction that adds
// the record. A new token comes with every drawing of the page.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../utils/db.server";
import { FORM_TOKEN_FIELD } from "../utils/form-token";

const TOKEN_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Long enough for any page left open; what is older is removed as new tokens arrive.
const KEPT_MS = 7 * 86_400_000;

export const newFormToken = () => randomUUID();

/** The token a form carries, or null when it carries nothing that could be one (a page drawn before tokens). */
export function formTokenOf(form: FormData): string | null {
  const value = form.get(FORM_TOKEN_FIELD);
  return typeof value === "string" && TOKEN_SHAPE.test(value) ? value : null;
}

/**
 * Claims the token in the caller's transaction: true the first time, false when its form was saved
 * before. Two sends at once meet on the token's key, so the second waits for the first and finds it
 * taken. A form without a token is let through, as it was before tokens.
 */
export async function claimFormToken(trx: Kysely<Database>, token: string | null, now = new Date()): Promise<boolean> {
  if (token === null) return true;
  const [claimed] = await trx
    .insertInto("submitted_forms")
    .values({ token, submitted_at: now.toISOString() })
    .onConflict((oc) => oc.column("token").doNothing())
    .returning("token")
    .execute();
  if (claimed) await trx.deleteFrom("submitted_forms").where("submitted_at", "<", new Date(now.getTime() - KEPT_MS).toISOString()).execute();
  return claimed !== undefined;
}
