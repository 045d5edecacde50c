// One-time form tokens. A form that adds a record each time it is saved (a CPD entry, a levy payment)
// carries one, so a second click or the same form sent again saves nothing twice: each send of a page's
// form carries the token the page was drawn with, and the action claims it in the transaction that adds
// the record. A new token comes with every drawing of the page. A form whose second send lands on what the
// first made (a new cohort's page) records the made id with the claim, so the second finds it by record.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { db, type Database } from "../utils/db.server";
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

/**
 * Keeps the id of the record the form carrying `token` made, in the transaction that claimed the token and
 * made it: a second send sees it once the first is saved, never before. Nothing to keep for a form without
 * a token.
 */
export async function recordMade(trx: Kysely<Database>, token: string | null, id: number | string): Promise<void> {
  if (token === null) return;
  await trx.updateTable("submitted_forms").set({ made_id: String(id) }).where("token", "=", token).execute();
}

/**
 * The id of the record the form carrying `token` made when it was first sent, or null when it kept none (a
 * token claimed before ids were kept, one gone with age, or a form that makes nothing it lands on). Read
 * after this send's claim failed: the claim waited for the first send's transaction, so its id is there.
 */
export async function madeBy(token: string | null, executor: Kysely<Database> = db()): Promise<string | null> {
  if (token === null) return null;
  const row = await executor.selectFrom("submitted_forms").select("made_id").where("token", "=", token).executeTakeFirst();
  return row?.made_id ?? null;
}
