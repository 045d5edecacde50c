// The levy account: money in (levy and the government top-up) and out (payments for apprentices,
// transfers to other employers). Spending uses the oldest funds first; funds unused after the expiry
// period expire. The arithmetic is pure (ledgerPosition) so it can be tested to the penny.
import { sql, type Kysely } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { claimFormToken } from "../../../app/services/submitted-forms.server";
import { pageWindow } from "../../../app/utils/paging.server";
import { holdTransactionLock } from "../../../app/utils/transaction-lock.server";
import type { ApprenticeshipSettings, LedgerKind } from "../programme";
import { apprenticeshipDb, asHostDb, LEDGER_LOCK, type ApprenticeshipDatabase } from "./db.server";
import { apprenticeshipSettingsIn } from "./settings.server";

export interface LedgerEntry {
  occurred_on: string;
  kind: LedgerKind;
  amount_pence: number;
  person_id: number | null;
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

/**
 * Where the account stands on `today`: walks the entries in date order, each payment or transfer using
 * the oldest unexpired funds first, each tranche expiring `expiryMonths` after it arrived.
 */
export function ledgerPosition(entries: LedgerEntry[], today: string, settings: Pick<ApprenticeshipSettings, "expiryMonths" | "transferPercent">, warnMonths = 3): LedgerPosition {
  const sorted = [...entries].filter((e) => e.occurred_on <= today).sort((a, b) => a.occurred_on.localeCompare(b.occurred_on) || (isMoneyIn(a.kind) === isMoneyIn(b.kind) ? 0 : isMoneyIn(a.kind) ? -1 : 1));
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
    if (isMoneyIn(entry.kind)) {
      paidIn += entry.amount_pence;
      tranches.push({ expiresOn: addMonths(entry.occurred_on, settings.expiryMonths), left: entry.amount_pence });
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
  const yearAgo = addMonths(today, -TRANSFER_WINDOW_MONTHS);
  const recent = sorted.filter((e) => e.occurred_on > yearAgo);
  const recentIn = recent.filter((e) => isMoneyIn(e.kind)).reduce((sum, e) => sum + e.amount_pence, 0);
  const recentTransfers = recent.filter((e) => e.kind === "transfer").reduce((sum, e) => sum + e.amount_pence, 0);
  const transferAllowance = Math.max(0, Math.floor((recentIn * settings.transferPercent) / 100) - recentTransfers);
  return { balance, paidIn, spent, expired, expiringSoon, transferAllowance, shortfall };
}

/** Ledger entries shown a page at a time on /funding: the account only grows, month by month, payment by payment. */
export const LEDGER_PAGE_SIZE = 25;

/** One page of the ledger, newest first, and how many pages there are (a page past the end shows the last). */
export async function ledgerPage(page: number) {
  const { count } = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.countAll<number>().as("count")).executeTakeFirstOrThrow();
  const shown = pageWindow(Number(count), page, LEDGER_PAGE_SIZE);
  const entries = await apprenticeshipDb()
    .selectFrom("apprenticeship_ledger")
    .selectAll()
    // Id last, so entries on the same day keep their places from page to page.
    .orderBy("occurred_on", "desc")
    .orderBy("id", "desc")
    .limit(shown.limit)
    .offset(shown.offset)
    .execute();
  return { entries, page: shown.page, pageCount: shown.pageCount, total: Number(count) };
}

/** Levy and top-up are both money in, arriving and expiring together: one tranche a day between them. */
const movement = sql<LedgerKind>`case when kind = ${sql.lit("top_up")} then ${sql.lit("levy")} else kind end`;

/**
 * The whole ledger summed in the database by day and by movement (money in, payments, transfers), for
 * ledgerPosition and the forecast. Entries of one movement on one day arrive, expire or spend together,
 * so the walk comes to the same position as over every entry; what is read grows with the days money
 * moved, not with every payment for every apprentice. Funds expiring are given one line a day. A check
 * before a write reads it through the write's transaction (`executor`), under the ledger's lock.
 */
export async function ledgerByDay(executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()): Promise<LedgerEntry[]> {
  const rows = await executor
    .selectFrom("apprenticeship_ledger")
    .select(["occurred_on", movement.as("kind"), (eb) => eb.fn.sum<number>("amount_pence").as("amount_pence")])
    .groupBy(["occurred_on", movement])
    .orderBy("occurred_on")
    .execute();
  return rows.map((r) => ({ occurred_on: r.occurred_on, kind: r.kind, amount_pence: Number(r.amount_pence), person_id: null }));
}

export interface NewEntry {
  occurredOn: string;
  kind: "levy" | "payment" | "transfer";
  amountPence: number;
  personId: number | null;
  counterparty: string | null;
}

export type EntryResult = { ok: true } | { ok: false; field: "amount" | "person"; error: string; values?: Record<string, number> };

/** A refusal thrown out of the entry's transaction, so that the form's token claimed in it is let go with it. */
class Refused extends Error {
  constructor(readonly refusal: Extract<EntryResult, { ok: false }>) {
    super(refusal.error);
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
  try {
    return await apprenticeshipDb()
      .transaction()
      .execute(async (trx) => {
        await holdTransactionLock(asHostDb(trx), LEDGER_LOCK);
        // Claimed before the checks: sent again, the form would be checked against its own entry and refused.
        if (!(await claimFormToken(asHostDb(trx), formToken))) return { ok: true } as const;
        const settings = await apprenticeshipSettingsIn(trx);
        const refusal = await refusalOf(entry, settings, trx);
        if (refusal) throw new Refused(refusal);
        await writeEntry(entry, settings, actor, trx);
        return { ok: true } as const;
      });
  } catch (error) {
    if (error instanceof Refused) return error.refusal;
    throw error;
  }
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
 * and the rows written, with their ids and date, are its `after`.
 */
async function writeEntry(entry: NewEntry, settings: ApprenticeshipSettings, actor: Actor, trx: Kysely<ApprenticeshipDatabase>) {
  const now = new Date().toISOString();
  const base = { occurred_on: entry.occurredOn, person_id: entry.kind === "payment" ? entry.personId : null, counterparty: entry.kind === "transfer" ? entry.counterparty : null, recorded_by: actor.personId, created_at: now };
  const rows = [{ ...base, kind: entry.kind as LedgerKind, amount_pence: entry.amountPence }];
  if (entry.kind === "levy") rows.push({ ...base, kind: "top_up", amount_pence: Math.round((entry.amountPence * settings.topUpPercent) / 100) });
  const written = rows.filter((r) => r.amount_pence > 0);
  // Each row is known by its kind (one levy and its top-up at most): the order RETURNING gives is not promised.
  const ids = new Map((await trx.insertInto("apprenticeship_ledger").values(written).returning(["id", "kind"]).execute()).map((r) => [r.kind, r.id]));
  const after = written.map((row) => ({ id: ids.get(row.kind)!, ...row }));
  await recordAudit(actor, { action: `apprenticeship.ledger.${entry.kind}`, subjectType: "apprenticeship_ledger", subjectId: ids.get(entry.kind)!, personId: base.person_id, after }, asHostDb(trx));
}

/** What has been paid for one apprentice, on any date, summed in the database against the funding band cap. */
async function paidFor(personId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  const { paid } = await executor
    .selectFrom("apprenticeship_ledger")
    .select((eb) => eb.fn.sum<number>("amount_pence").as("paid"))
    .where("kind", "=", "payment")
    .where("person_id", "=", personId)
    .executeTakeFirstOrThrow();
  // No payments yet sums to null.
  return Number(paid ?? 0);
}
