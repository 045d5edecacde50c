// Correcting an entry typed wrongly: its reversal, a new row for each of its rows naming the row it
// reverses, written under the ledger's lock (ledger.server.ts) after checking that taking the entry back
// leaves nothing already paid or transferred without the money it came from.
import type { Kysely, Selectable } from "kysely";
import { recordAudit, type Actor } from "../../../app/services/audit.server";
import { apprenticeshipDb, asHostDb, type ApprenticeshipDatabase, type ApprenticeshipTables } from "./db.server";
import { isMoneyIn, isReversible, ledgerByDay, ledgerPosition, transferWindow, underLedgerLock, type LedgerEntry } from "./ledger.server";
import { apprenticeshipSettingsIn } from "./settings.server";
import type { ApprenticeshipSettings } from "../programme";

export type ReversalError = "funding.reverse.errors.already" | "funding.reverse.errors.notReversible" | "funding.reverse.errors.uncovered" | "funding.reverse.errors.overTransfer";
export type ReversalResult = { ok: true } | { ok: false; error: ReversalError; values?: Record<string, number> };
type ReversalRefusal = Extract<ReversalResult, { ok: false }>;

/**
 * The top-up levy brought with it: written with the levy in one insert (so with its date and time, by the
 * same person), under the ledger's lock, so the row after the levy's. Levy with a top-up of 0% has none.
 */
async function topUpOf(levy: Selectable<ApprenticeshipTables["apprenticeship_ledger"]>, executor: Kysely<ApprenticeshipDatabase>) {
  const next = await executor.selectFrom("apprenticeship_ledger").selectAll().where("id", ">", levy.id).orderBy("id").limit(1).executeTakeFirst();
  const brought = next && next.kind === "top_up" && next.reverses_id === null && next.occurred_on === levy.occurred_on && next.created_at === levy.created_at && next.recorded_by === levy.recorded_by;
  return brought ? next : undefined;
}

/**
 * An entry as the page correcting it shows it: the rows a reversal takes back (levy with its top-up), and
 * whether it is reversed already (`reversal_id`). Undefined when there is no such entry.
 */
export async function entryToReverse(entryId: number, executor: Kysely<ApprenticeshipDatabase> = apprenticeshipDb()) {
  const ledger = executor;
  const entry = await ledger
    .selectFrom("apprenticeship_ledger as l")
    .leftJoin("apprenticeship_ledger as r", "r.reverses_id", "l.id")
    .selectAll("l")
    .select("r.id as reversal_id")
    .where("l.id", "=", entryId)
    .executeTakeFirst();
  if (!entry) return undefined;
  const topUp = entry.kind === "levy" ? await topUpOf(entry, ledger) : undefined;
  return { ...entry, reversible: isReversible(entry), topUp: topUp ?? null, rows: topUp ? [entry, topUp] : [entry] };
}

export type EntryToReverse = NonNullable<Awaited<ReturnType<typeof entryToReverse>>>;

/**
 * The ledger by day (ledgerByDay) without this money in: levy and its top-up are one line of money in on
 * their day expiring on their day, taken off it together (not off money in that day under another rule).
 */
function withoutMoneyIn(entry: EntryToReverse, existing: LedgerEntry[]) {
  const amount = entry.rows.reduce((sum, row) => sum + row.amount_pence, 0);
  const isItsLine = (e: LedgerEntry) => e.occurred_on === entry.occurred_on && isMoneyIn(e.kind) && (e.expires_on ?? null) === (entry.expires_on ?? null);
  return existing.map((e) => (isItsLine(e) ? { ...e, amount_pence: e.amount_pence - amount } : e)).filter((e) => e.amount_pence > 0);
}

/**
 * Whether taking money in out of the account (`without`) leaves any payment or transfer already recorded
 * without the money that paid for it: the whole ledger replayed without it, as a backdated entry is checked,
 * to the last day anything moved. Answers how much would go unpaid (0 when nothing would).
 */
function uncoveredWithout(existing: LedgerEntry[], without: LedgerEntry[], day: string, settings: ApprenticeshipSettings) {
  const latest = existing.reduce((max, e) => (e.occurred_on > max ? e.occurred_on : max), day);
  return ledgerPosition(without, latest, settings).shortfall - ledgerPosition(existing, latest, settings).shortfall;
}

/**
 * Whether taking money in out of the account (`without`) takes transfers already recorded over the transfer
 * limit: each was checked, with the money in counted, against the limit over the twelve months to its day
 * (transferAllowanceOn), so each of those days from the money's own is checked again without it. Answers the
 * most they would then be over it on a day where they would be over it by more than now (0 when nowhere):
 * transfers over it already (the share lowered since) are not the reversal's doing.
 */
function overTransferLimitWithout(existing: LedgerEntry[], without: LedgerEntry[], day: string, settings: ApprenticeshipSettings) {
  const overOn = (entries: LedgerEntry[], on: string) => {
    const window = transferWindow(entries, on, settings);
    return Math.max(0, window.transferred - window.limit);
  };
  const transferDays = existing.filter((e) => e.kind === "transfer" && e.occurred_on >= day).map((e) => e.occurred_on);
  const worse = transferDays.map((on) => ({ after: overOn(without, on), now: overOn(existing, on) })).filter((o) => o.after > o.now);
  return Math.max(0, ...worse.map((o) => o.after));
}

/**
 * Why the entry, read under the lock, cannot be reversed; null if it can. Taking money out back never leaves
 * anything unpaid nor transfers over their limit: only money in is checked against the account.
 */
async function reversalRefusal(entry: EntryToReverse, trx: Kysely<ApprenticeshipDatabase>): Promise<ReversalRefusal | null> {
  if (entry.reversal_id !== null) return { ok: false, error: "funding.reverse.errors.already" };
  if (!entry.reversible) return { ok: false, error: "funding.reverse.errors.notReversible" };
  if (!isMoneyIn(entry.kind)) return null;
  const [existing, settings] = [await ledgerByDay(trx), await apprenticeshipSettingsIn(trx)];
  const without = withoutMoneyIn(entry, existing);
  const uncovered = uncoveredWithout(existing, without, entry.occurred_on, settings);
  if (uncovered > 0) return { ok: false, error: "funding.reverse.errors.uncovered", values: { uncovered } };
  const over = overTransferLimitWithout(existing, without, entry.occurred_on, settings);
  if (over > 0) return { ok: false, error: "funding.reverse.errors.overTransfer", values: { over } };
  return null;
}

/**
 * Corrects an entry typed wrongly by reversing it, with L&D's reason: a new row for each row of the entry
 * (levy's top-up too) naming the row it reverses, the original left as it was, so the ledger keeps both the
 * mistake and its correction. Refused when the entry is reversed already, is a reversal or a top-up, or is
 * money in that payments or transfers already recorded were paid from (`uncoveredWithout`), or that transfers
 * already recorded were allowed as a share of (`overTransferLimitWithout`). The check and the write are one
 * transaction under the ledger's lock, as an entry's are: a payment recorded at the same moment is either
 * seen by the check or checked against the account without the money reversed. The form
 * carrying `formToken` sent again (a second click, a resend) reverses nothing more, and is answered as done.
 */
export async function reverseEntry(entryId: number, reason: string, actor: Actor, formToken: string | null = null): Promise<ReversalResult> {
  return underLedgerLock<ReversalRefusal>(formToken, async (trx) => {
    const entry = await entryToReverse(entryId, trx);
    if (!entry) return { ok: false, error: "funding.reverse.errors.notReversible" };
    const refusal = await reversalRefusal(entry, trx);
    if (refusal) return refusal;
    await writeReversal(entry, reason, actor, trx);
    return null;
  });
}

/**
 * Writes the reversal's rows with its audit event, about the entry reversed: what it was, and the rows that
 * took it back. Each row takes the day the row it reverses expires, not today's rule: summed by day
 * (ledgerByDay) the two fall on one line and come to nothing.
 */
async function writeReversal(entry: EntryToReverse, reason: string, actor: Actor, trx: Kysely<ApprenticeshipDatabase>) {
  const now = new Date().toISOString();
  const rows = entry.rows.map((row) => ({ occurred_on: row.occurred_on, kind: row.kind, amount_pence: row.amount_pence, person_id: row.person_id, counterparty: row.counterparty, recorded_by: actor.personId, created_at: now, reverses_id: row.id, reason, expires_on: row.expires_on ?? null }));
  const written = await trx.insertInto("apprenticeship_ledger").values(rows).returning(["id", "reverses_id"]).execute();
  // Each reversal is known by the row it reverses: the order RETURNING gives is not promised.
  const idOf = new Map(written.map((w) => [w.reverses_id, w.id]));
  const before = entry.rows.map(({ id, occurred_on, kind, amount_pence, person_id, counterparty, recorded_by, created_at, expires_on }) => ({ id, occurred_on, kind, amount_pence, person_id, counterparty, recorded_by, created_at, expires_on: expires_on ?? null }));
  const after = rows.map((row) => ({ id: idOf.get(row.reverses_id)!, ...row }));
  await recordAudit(actor, { action: "apprenticeship.ledger.reversed", subjectType: "apprenticeship_ledger", subjectId: entry.id, personId: entry.person_id, before, after }, asHostDb(trx));
}
