// Checking a password, with failed attempts throttled per account and per address by a growing delay.
// Attempts live in the database, so several app processes throttle together.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { db } from "../utils/db.server";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "../utils/auth.server";
import { holdTransactionLock } from "../utils/transaction-lock.server";
import { recordAudit } from "./audit.server";
import type { Role } from "../../plugins/sdk";

/** Failures allowed before any delay; after that each failure doubles the wait, up to the maximum. */
export const FREE_ATTEMPTS = 3;
const FIRST_DELAY_SECONDS = 2;
const MAX_DELAY_SECONDS = 15 * 60;

export function delayAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_DELAY_SECONDS, FIRST_DELAY_SECONDS * 2 ** (failures - FREE_ATTEMPTS));
}

export type SignInResult =
  | { ok: true; userId: number; personId: number; roles: Role[] }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** The key failed sign-ins are counted under for an account (its email, trimmed and lower-cased). */
export const accountThrottleKey = (email: string) => `account:${email}`;
const keysFor = (email: string, address: string) => [accountThrottleKey(email), `address:${address}`];

function secondsLeft(rows: { blocked_until: string | null }[], now: Date): number {
  const waits = rows.map((r) => (r.blocked_until ? Math.ceil((Date.parse(r.blocked_until) - now.getTime()) / 1000) : 0));
  return Math.max(0, ...waits);
}

/** Counts an attempt against each key, as a failure until the right password clears it. */
async function countAttempt(trx: Kysely<Database>, keys: string[], rows: { key: string; failures: number }[], now: Date) {
  for (const key of keys) {
    const failures = (rows.find((r) => r.key === key)?.failures ?? 0) + 1;
    const delay = delayAfter(failures);
    const values = { failures, last_failed_at: now.toISOString(), blocked_until: delay > 0 ? new Date(now.getTime() + delay * 1000).toISOString() : null };
    await trx
      .insertInto("login_attempts")
      .values({ key, ...values })
      .onConflict((oc) => oc.column("key").doUpdateSet(values))
      .execute();
  }
}

/**
 * Lets an attempt through to the password check (answering 0) or answers how many seconds it must wait.
 * An attempt let through is counted at once, under a lock on its account and address, so a burst of
 * concurrent attempts cannot all pass before any failure is written, and no count is lost.
 */
async function admit(keys: string[], now: Date): Promise<number> {
  return db().transaction().execute(async (trx) => {
    // In one order always, so two attempts sharing an account or an address cannot deadlock.
    for (const key of [...keys].sort()) await holdTransactionLock(trx, `sign-in:${key}`);
    const rows = await trx.selectFrom("login_attempts").select(["key", "failures", "blocked_until"]).where("key", "in", keys).execute();
    const wait = secondsLeft(rows, now);
    if (wait === 0) await countAttempt(trx, keys, rows, now);
    return wait;
  });
}

// Checking against a throwaway hash makes an unknown email cost as long as a wrong password.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomUUID()));

async function passwordMatches(user: { password_hash: string; disabled: number } | undefined, password: string) {
  if (user && !user.disabled) return verifyPassword(user.password_hash, password);
  await verifyPassword(await decoyHash(), password);
  return false;
}

export async function signIn(emailInput: string, password: string, address: string, now = new Date()): Promise<SignInResult> {
  const email = emailInput.trim().toLowerCase();
  const keys = keysFor(email, address);
  const wait = await admit(keys, now);
  const user = await db().selectFrom("users").select(["id", "person_id", "password_hash", "disabled"]).where("email", "=", email).executeTakeFirst();
  if (wait > 0) {
    // Against the account's person, as a failure is, so their subject access download holds it.
    await recordAudit({ userId: null, personId: null }, { action: "auth.sign_in_throttled", subjectType: "account", subjectId: email, personId: user?.person_id ?? null, after: { address, wait } });
    return { ok: false, reason: "throttled", retryAfterSeconds: wait };
  }
  if (!user || !(await passwordMatches(user, password))) {
    await recordAudit(
      { userId: null, personId: null },
      { action: "auth.sign_in_failed", subjectType: "account", subjectId: email, personId: user?.person_id ?? null, after: { address } },
    );
    return { ok: false, reason: "invalid" };
  }
  await db().deleteFrom("login_attempts").where("key", "in", keys).execute();
  const roles = await db().selectFrom("user_roles").select("role").where("user_id", "=", user.id).execute();
  await recordAudit({ userId: user.id, personId: user.person_id }, { action: "auth.signed_in", subjectType: "user", subjectId: user.id, personId: user.person_id });
  return { ok: true, userId: user.id, personId: user.person_id, roles: roles.map((r) => r.role as Role) };
}

/** Where a role lands after signing in. */
export function homeFor(roles: Role[]): string {
  if (roles.includes("admin") || roles.includes("learning_development")) return "/admin";
  if (roles.includes("manager")) return "/team";
  return "/me";
}

// A base that no real request has: a target that resolves off it names another site.
const SAME_SITE = new URL("http://pathways.invalid");

/**
 * Only a path on this site may follow sign-in, never another site. The target is read the way a
 * browser reads a Location header (backslashes as slashes, tabs and newlines dropped), so "/\\evil" or
 * "/<tab>/evil" cannot become "//evil"; what comes back is the parsed, percent-encoded path.
 */
export function safeRedirect(target: FormDataEntryValue | string | null | undefined, fallback: string): string {
  if (typeof target !== "string" || !target.startsWith("/")) return fallback;
  let url: URL;
  try {
    url = new URL(target, SAME_SITE);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_SITE.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Checked again, as a browser would resolve what we send: it must stay a path on this site.
  return path.startsWith("/") && !/^\/[\/\\]/.test(path) ? path : fallback;
}
