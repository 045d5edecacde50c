// The levy account: money in (levy and the government top-up) and out (payments for apprentices,
// transfers to other employers). Spending uses the oldest funds first; funds still unused on their expiry
// day expire. That day is written with the money in, from the expiry setting in force when it is recorded:
// a later change to the setting is a rule for money paid in from then on, and leaves the account's past
// (its balance, what expired, its warnings and forecast) as it was. The arithmetic is pure (ledgerPosition)
// so it can be tested to the penny. An entry is never changed or deleted: one typed wrongly is corrected
// by its reversal, a new row naming it, and the account's sums leave the two out together.
import { sql, type Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { pageWindow } from "../../../app/utils/paging.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import type { ApprenticeshipSettings, LedgerKind } from "../programme";
import { apprenticeshipDb, asHostDb, LEDGER_LOCK, type ApprenticeshipDatabase } from "./db.server";
import { apprenticeshipSettingsIn } from "./settings.server";

/**
 * An entry's amount as the account counts it: a reversal takes back the amount of the entry it reverses.
 * Both share their day and kind, so summed together by day they come to nothing, as if neither had been
 * written: the balance, expiry, forecast and transfer allowance all leave them out.
 */
const countedAmount = sql<number>`case when reverses_id is null then amount_pence else -amount_pence end`;

export interface LedgerEntry {
  occurred_on: string;
  kind: LedgerKind;
  amount_pence: number;
  person_id: number | null;
  /**
   * The day money in expires, as written with it (null for money out). Money in without one, as a forecast
   * projects it or the demo seed wrote it, expires by the expiry setting given to the walk.
   */
  expires_on?: string | null;
}

export interface LedgerPosition {
  /** Money in the account on the day, after expiry. */
  balance: number;
  paidIn: number;
  spent: number;
  expired: number;
  /** Funds that will expire within the warning window if not spent first, by month of expiry. */
  expiringSoon: { expiresOn: string; amount: number }[];
  /** What may still be transferred: the share of the last twelve months' funds in, less transfers in that time. */
  transferAllowance: number;
  /** Money spent that the account did not hold when it was spent; above 0 means the ledger overspends. */
  shortfall: number;
}

/** The day `months` months after an ISO date. */
export function addMonths(iso: string, months: number) {
  const [y, m, d] = iso.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(d, lastDay));
  return date.toISOString().slice(0, 10);
}

/** Levy and its top-up: money into the account, where payments and transfers are money out. */
export const isMoneyIn = (kind: LedgerKind) => kind === "levy" || kind === "top_up";

/** The transfer allowance is a share of the funds in over any twelve months, less transfers in them. */
const TRANSFER_WINDOW_MONTHS = 12;

/** The day money in expires by the rule of `expiryMonths`: what is written with money in when it is recorded. */
export const expiryFrom = (occurredOn: string, expiryMonths: number) => addMonths(occurredOn, expiryMonths);

/**
 * The entries as the walk takes them, each money in with the day it expires (its own, written with it) and
 * money out with none: by day, money in before money out on its day, and money in of one day soonest
 * expiring first, so spent first. Whatever order the rows come in (every row, or ledgerByDay's lines), the
 * walk is the same.
 */
function inWalkOrder(entries: LedgerEntry[], expiryMonths: number) {
  const walked = entries.map((e) => ({ ...e, expiresOn: isMoneyIn(e.kind) ? (e.expires_on ?? expiryFrom(e.occurred_on, expiryMonths)) : null }));
  const moneyOutLast = (a: (typeof walked)[number], b: (typeof walked)[number]) => Number(a.expiresOn === null) - Number(b.expiresOn === null);
  return walked.sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || moneyOutLast(a, b) || (a.expiresOn ?? "").localeCompare(b.expiresOn ?? ""));
}

/**
 * Where the account stands on `today`: walks the entries in date order, each payment or transfer using
 * the oldest unexpired funds first, each tranche expiring on its own day (written with it, by the rule in
 * force when it was recorded), not by the setting as it stands: `settings.expiryMonths` dates only money
 * in that has no day of its own (a forecast's projection).
 */
export function ledgerPosition(entries: LedgerEntry[], today: string, settings: Pick<ApprenticeshipSettings, "expiryMonths" | "transferPercent">, warnMonths = 3): LedgerPosition {
  const sorted = inWalkOrder(entries.filter((e) => e.occurred_on <= today), settings.expiryMonths);
  const tranches: { expiresOn: string; left: number }[] = [];
  let paidIn = 0;
  let spent = 0;
  let expired = 0;
  let shortfall = 0;
  const expireUpTo = (day: string) => {
    for (const t of tranches) {
      if (t.left > 0 && t.expiresOn <= day) {
        expired += t.left;
        t.left = 0;
      }
    }
  };
  for (const entry of sorted) {
    expireUpTo(entry.occurred_on);
    if (entry.expiresOn !== null) {
      paidIn += entry.amount_pence;
      tranches.push({ expiresOn: entry.expiresOn, left: entry.amount_pence });
      continue;
    }
    let owed = entry.amount_pence;
    spent += owed;
    for (const t of tranches) {
      const used = Math.min(t.left, owed);
      t.left -= used;
      owed -= used;
      if (owed === 0) break;
    }
    shortfall += owed;
  }
  expireUpTo(today);
  const balance = tranches.reduce((sum, t) => sum + t.left, 0);
  const warnBy = addMonths(today, warnMonths);
  const expiringSoon = tranches.filter((t) => t.left > 0 && t.expiresOn <= warnBy).map((t) => ({ expiresOn: t.expiresOn, amount: t.left }));
  const transfers = transferWindow(sorted, today, settings);
  const transferAllowance = Math.max(0, transfers.limit - transfers.transferred);
  return { balance, paidIn, spent, expired, expiringSoon, transferAllowance, shortfall };
}

/** The twelve months to `day`, that day's own entries too: the limit on transfers (the share of the funds in) and what was transferred. */
export function transferWindow(entries: LedgerEntry[], day: string, settings: Pick<ApprenticeshipSettings, "transferPercent">) {
  const yearAgo = addMonths(day, -TRANSFER_WINDOW_MONTHS);
  const recent = entries.filter((e) => e.occurred_on > yearAgo && e.occurred_on <= day);
  const recentIn = recent.filter((e) => isMoneyIn(e.kind)).reduce((sum, e) => sum + e.amount_pence, 0);
  const transferred = recent.filter((e) => e.kind === "transfer").reduce((sum, e) => sum + e.amount_pence, 0);
  return { limit: Math.floor((recentIn * settings.transferPercent) / 100), transferred };
}

/** Ledger entries shown a page at a time on /funding: the account only grows, month by month, payment by payment. */
export const LEDGER_PAGE_SIZE = 25;

/** One page of the ledger, newest first, and how many pages there are (a page past the end shows the last). */
export async function ledgerPage(page: number) {
  const { count } = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  const shown = pageWindow(Number(count), page, LEDGER_PAGE_SIZE);
  const rows = await apprenticeshipDb()
    .selectFrom("apprenticeship_ledger as l")
    // At most one reversal an entry (a unique index): the join adds no rows.
    .leftJoin("apprenticeship_ledger as r", "r.reverses_id", "l.id")
    .selectAll("l")
    .select("r.id as reversal_id")
    // Id last, so entries on the same day keep their places from page to page.
    .orderBy("l.occurred_on", "desc")
    .orderBy("l.id", "desc")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  const entries = rows.map((row) => ({ ...row, reversible: isReversible(row) }));
  return { entries, page: shown.page, pageCount: shown.pageCount, total: Number(count) };
}

/** Levy and top-up are both money in, arriving and expiring together: one tranche a day between them. */
const movement = sql<LedgerKind>`case when kind = ${sql.lit("top_up")} then ${sql.lit("levy")} else kind end`;

/**
 * The whole ledger summed in the database by day, by movement (money in, payments, transfers) and by the
 * day money in expires, for ledgerPosition and the forecast. Entries of one movement on one day expiring
 * on one day arrive, expire or spend together, so the walk comes to the same position as over every entry;
 * money in on one day under two expiry rules (the setting changed between them) is two lines, each
 * expiring on its own day. What is read grows with the days money moved, not with every payment for every
 * apprentice. A check before a write reads it through the write's transaction (`executor`), under the
 * ledger's lock.
 */
export async function ledgerByDay(executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()): Promise<LedgerEntry[]> {
  const rows = await executor
    .selectFrom("apprenticeship_ledger")
    .select(["occurred_on", "expires_on", movement.as("kind"), (eb) => eb.fn.sum<number>(countedAmount).as("amount_pence")])
    .groupBy(["occurred_on", movement, "expires_on"])
    .orderBy("occurred_on")
    .orderBy("expires_on")
    .execute();
  // A line whose every entry was reversed comes to nothing: no money moved on it.
  return rows.map((r) => ({ occurred_on: r.occurred_on, kind: r.kind, amount_pence: Number(r.amount_pence), person_id: null, expires_on: r.expires_on ?? null })).filter((r) => r.amount_pence !== 0);
}

export interface NewEntry {
  occurredOn: string;
  kind: "levy" | "payment" | "transfer";
  amountPence: number;
  personId: number | null;
  counterparty: string | null;
}

export type EntryResult = { ok: true } | { ok: false; field: "amount" | "person"; error: string; values?: Record<string, number> };

/** A refusal thrown out of a write's transaction, so that the form's token claimed in it is let go with it. */
class Refused<R extends { error: string }> extends Error {
  constructor(readonly refusal: R) {
    super(refusal.error);
  }
}

/**
 * Runs a write to the ledger (`work`: its checks, then the write) in one transaction under the ledger's lock,
 * once for the form carrying `formToken`: sent again (a second click, a resend), it does nothing more and is
 * answered as done. The refusal `work` answers instead of writing is thrown out of the transaction, so the
 * token claimed in it is let go: the form put right can be sent again.
 */
export async function underLedgerLock<R extends { ok: false; error: string }>(formToken: string | null, work: (trx: Kysely<ApprenticeshipDatabase>) => Promise<R | null>): Promise<{ ok: true } | R> {
  try {
    return await apprenticeshipDb()
      .transaction()
      .execute(async (trx) => {
        await holdTransactionLock(asHostDb(trx), LEDGER_LOCK);
        // Claimed before the checks: sent again, the form would be checked against its own write and refused.
        if (!(await claimFormToken(asHostDb(trx), formToken))) return { ok: true } as const;
        const refusal = await work(trx);
        if (refusal) throw new Refused(refusal);
        return { ok: true } as const;
      });
  } catch (error) {
    if (error instanceof Refused) return error.refusal as R;
    throw error;
  }
}

/**
 * Records an entry after checking it against the account: a payment within the balance and the
 * apprentice's funding band cap, a transfer within the balance and the transfer allowance. Levy paid in
 * brings its government top-up with it. The checks and the write are one transaction under the ledger's
 * lock: two entries at once (two officers, or a double submit) would otherwise each pass the checks
 * against the account as it stood before either, and together spend more than it holds. The settings
 * (the funding band cap, the top-up) are read under the lock too, which a change to them also takes: an
 * entry is checked against the cap in force when it is written, not one read before a change. The form
 * carrying `formToken` sent again (a second click, a resend) records nothing more, and is answered as saved.
 */
export async function recordEntry(entry: NewEntry, actor: Actor, formToken: string | null = null): Promise<EntryResult> {
  return underLedgerLock(formToken, async (trx) => {
    const settings = await apprenticeshipSettingsIn(trx);
    const refusal = await refusalOf(entry, settings, trx);
    if (refusal) return refusal;
    await writeEntry(entry, settings, actor, trx);
    return null;
  });
}

/** Why the account cannot take the entry, read through `executor` (the entry's transaction); null if it can. */
async function refusalOf(entry: NewEntry, settings: ApprenticeshipSettings, executor: Kysely<ApprenticeshipDatabase>): Promise<Extract<EntryResult, { ok: false }> | null> {
  // Summed by day: the walk comes to the same position as over every entry, and reads far less.
  const existing = await ledgerByDay(executor);
  const position = ledgerPosition(existing, entry.occurredOn, settings);
  if (entry.kind !== "levy") {
    // A backdated entry must not spend money that later entries have already spent: replay the whole
    // ledger with it included and refuse if anything anywhere goes unpaid.
    const latest = existing.reduce((max, e) => (e.occurred_on > max ? e.occurred_on : max), entry.occurredOn);
    const replayed = ledgerPosition([...existing, { occurred_on: entry.occurredOn, kind: entry.kind, amount_pence: entry.amountPence, person_id: entry.personId }], latest, settings);
    const before = ledgerPosition(existing, latest, settings);
    if (entry.amountPence > position.balance || replayed.shortfall > before.shortfall) return { ok: false, field: "amount", error: "funding.errors.overBalance", values: { balance: Math.min(position.balance, before.balance) } };
  }
  if (entry.kind === "transfer") {
    const allowance = transferAllowanceOn(existing, entry.occurredOn, settings);
    if (entry.amountPence > allowance) return { ok: false, field: "amount", error: "funding.errors.overTransfer", values: { allowance } };
  }
  if (entry.kind === "payment") {
    if (!entry.personId) return { ok: false, field: "person", error: "funding.errors.person" };
    const paid = await paidFor(entry.personId, executor);
    const cap = settings.fundingBandCap * 100;
    if (paid + entry.amountPence > cap) return { ok: false, field: "amount", error: "funding.errors.overCap", values: { left: Math.max(0, cap - paid) } };
  }
  return null;
}

/**
 * What may be transferred on `day`: the allowance on the day itself, and on the day of every later transfer
 * whose twelve months take it in. Those later transfers would count it against their own limit, so a
 * transfer backdated before them must leave each within it, as a later one on its own date must.
 */
function transferAllowanceOn(existing: LedgerEntry[], day: string, settings: ApprenticeshipSettings) {
  const laterDays = existing.filter((e) => e.kind === "transfer" && e.occurred_on > day && addMonths(e.occurred_on, -TRANSFER_WINDOW_MONTHS) < day).map((e) => e.occurred_on);
  return Math.min(...[day, ...laterDays].map((on) => ledgerPosition(existing, on, settings).transferAllowance));
}

/**
 * Writes the entry (and levy's top-up) with its audit event, in the entry's transaction. The event is about
 * the entry's own row, by its id: entries on one day (two payments, say) are told apart in the audit log,
 * and the rows written, with their ids and date, are its `after`. Levy and its top-up are written with the
 * day they expire by the expiry setting read under the lock: the rule in force when they were paid in.
 */
async function writeEntry(entry: NewEntry, settings: ApprenticeshipSettings, actor: Actor, trx: Kysely<ApprenticeshipDatabase>) {
  const now = new Date().toISOString();
  const expires_on = entry.kind === "levy" ? expiryFrom(entry.occurredOn, settings.expiryMonths) : null;
  const base = { occurred_on: entry.occurredOn, person_id: entry.kind === "payment" ? entry.personId : null, counterparty: entry.kind === "transfer" ? entry.counterparty : null, recorded_by: actor.personId, created_at: now, expires_on };
  const rows = [{ ...base, kind: entry.kind as LedgerKind, amount_pence: entry.amountPence }];
  if (entry.kind === "levy") rows.push({ ...base, kind: "top_up", amount_pence: Math.round((entry.amountPence * settings.topUpPercent) / 100) });
  const written = rows.filter((r) => r.amount_pence > 0);
  // Each row is known by its kind (one levy and its top-up at most): the order RETURNING gives is not promised.
  const ids = new Map((await trx.insertInto("apprenticeship_ledger").values(written).returning(["id", "kind"]).execute()).map((r) => [r.kind, r.id]));
  const after = written.map((row) => ({ id: ids.get(row.kind)!, ...row }));
  await recordAudit(actor, { action: `apprenticeship.ledger.${entry.kind}`, subjectType: "apprenticeship_ledger", subjectId: ids.get(entry.kind)!, personId: base.person_id, after }, asHostDb(trx));
}

/**
 * What has been paid for one apprentice, on any date, summed in the database against the funding band cap:
 * a payment reversed is not paid, so neither it nor its reversal is counted and its amount is under the cap
 * again. Each reversal is found by the unique index on the entry it reverses.
 */
async function paidFor(personId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  const { paid } = await executor
    .selectFrom("apprenticeship_ledger")
    .select((eb) => eb.fn.sum<number>("amount_pence").as("paid"))
    .where("kind", "=", "payment")
    .where("person_id", "=", personId)
    .where("reverses_id", "is", null)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom("apprenticeship_ledger as reversal").select("reversal.id").whereRef("reversal.reverses_id", "=", "apprenticeship_ledger.id"))))
    .executeTakeFirstOrThrow();
  // No payments yet sums to null.
  return Number(paid ?? 0);
}

/**
 * Whether an entry can be reversed: levy, a payment or a transfer not reversed already. A reversal is not
 * itself reversed (one made by mistake is put right by entering the entry again), and a top-up goes with
 * the levy it came with, never on its own.
 */
export const isReversible = (row: { kind: LedgerKind; reverses_id: number | null; reversal_id: number | null }) => row.kind !== "top_up" && row.reverses_id === null && row.reversal_id === null;
