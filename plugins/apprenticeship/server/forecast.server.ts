// The levy account's forecast: the coming months for a number of planned apprentices. Each month's money
// in and cost are added to the ledger as if recorded, and the month's position worked out by the same walk
// as the recorded account (ledgerPosition), so funds run out of time in the forecast exactly as they would
// in the account: oldest spent first, the rest expiring unused.
import type { ApprenticeshipSettings } from "../programme";
import { addMonths, isMoneyIn, ledgerPosition, type LedgerEntry } from "./ledger.server";

/** The longest forecast: projected money dated the 1st of a month then never expires inside it. */
export const MAX_FORECAST_MONTHS = 24;

/** How far back the months averaged for the money in may be: levy that stopped longer ago is not coming. */
const LEVY_LOOK_BACK_MONTHS = 12;

/** Months whose money in is averaged for the forecast's: the last three with levy recorded. */
export const MONTHS_AVERAGED = 3;

export interface ForecastMonth {
  month: string;
  paidIn: number;
  cost: number;
  /** Funds that expire unused in the month. */
  expired: number;
  /** The balance at the month's end; below 0 by what the planned cost would spend that the account does not hold. */
  balance: number;
}

/** The last day of a month given as YYYY-MM. */
const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);

/**
 * The money in a month the forecast assumes: the average of the last three complete months (before
 * today's) with levy recorded, within the last year. Today's month is left out, as its levy may not be
 * recorded yet: a fixed three months back from today lost a third of it from the day this month's levy
 * was due until it was recorded. Returns the average, in pence, and the months averaged (YYYY-MM, oldest
 * first; fewer than three on a young account, none when no levy came in the last year).
 */
export function recentMonthlyIn(entries: LedgerEntry[], today: string) {
  const thisMonth = today.slice(0, 7);
  const earliest = addMonths(`${thisMonth}-01`, -LEVY_LOOK_BACK_MONTHS).slice(0, 7);
  const byMonth = new Map<string, number>();
  for (const e of entries) {
    const month = e.occurred_on.slice(0, 7);
    if (isMoneyIn(e.kind) && month >= earliest && month < thisMonth) byMonth.set(month, (byMonth.get(month) ?? 0) + e.amount_pence);
  }
  const months = [...byMonth].filter(([, pence]) => pence > 0).map(([month]) => month).sort().slice(-MONTHS_AVERAGED);
  const total = months.reduce((sum, month) => sum + byMonth.get(month)!, 0);
  return { monthlyIn: months.length ? Math.round(total / months.length) : 0, months };
}

/**
 * Month by month from next month: planned apprentices times their monthly cost (the funding band cap over
 * the apprenticeship's length) against the recent money in (recentMonthlyIn). Each month's money in and
 * cost are dated its 1st and its position taken at its last day, so recorded funds reaching the day they
 * expire (each by the rule in force when it was paid in) expire in the forecast as in the account; the
 * money in it projects has no day of its own, and expires by the setting as it stands, the rule for money
 * paid in from now on. A cost the account cannot meet is shown as a balance
 * below 0 (the balance less the shortfall the forecast adds), so too many planned places show what is
 * missing rather than a balance stuck at nothing. What expires between today and the end of this month is
 * this month's, not next month's: it is answered on its own (`expiresThisMonth`), and the first month's
 * balance is after it.
 */
export function forecast(entries: LedgerEntry[], today: string, plannedApprentices: number, settings: ApprenticeshipSettings, months = 12) {
  const { monthlyIn, months: averaged } = recentMonthlyIn(entries, today);
  const monthlyCost = Math.round((settings.fundingBandCap * 100 * plannedApprentices) / settings.durationMonths);
  const recorded = entries.filter((e) => e.occurred_on <= today);
  const now = ledgerPosition(recorded, today, settings);
  // The months are counted from the end of this one: counted from today, next month's row took in what
  // expires in the rest of this month, under a month it does not expire in.
  const thisMonthEnd = ledgerPosition(recorded, lastDayOf(today.slice(0, 7)), settings);
  const projected = [...recorded];
  const rows: ForecastMonth[] = [];
  let expiredBefore = thisMonthEnd.expired;
  for (let i = 1; i <= Math.min(months, MAX_FORECAST_MONTHS); i += 1) {
    const month = addMonths(`${today.slice(0, 7)}-01`, i).slice(0, 7);
    const first = `${month}-01`;
    if (monthlyIn > 0) projected.push({ occurred_on: first, kind: "levy", amount_pence: monthlyIn, person_id: null });
    if (monthlyCost > 0) projected.push({ occurred_on: first, kind: "payment", amount_pence: monthlyCost, person_id: null });
    const position = ledgerPosition(projected, lastDayOf(month), settings);
    rows.push({ month, paidIn: monthlyIn, cost: monthlyCost, expired: position.expired - expiredBefore, balance: position.balance - (position.shortfall - now.shortfall) });
    expiredBefore = position.expired;
  }
  return { monthlyIn, monthlyCost, averaged, expiresThisMonth: thisMonthEnd.expired - now.expired, rows };
}
