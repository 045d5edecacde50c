// The levy forecast runs its months through the same walk as the recorded account, so funds reaching the
// expiry period expire in it: it once added money in less cost each month and never let anything expire,
// and on the demo's account promised over a third of a million pounds that would be gone. Its money in is
// the average of the last three complete months with levy recorded: a fixed three months back from today
// lost a third of it from the day this month's levy was due until it was recorded. Its months are counted
// from the end of this one: counted from today, what expired later this month showed under next month.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { formatDate } from "../../../app/utils/dates";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { forecast, recentMonthlyIn } from "../server/forecast.server";
import { addMonths, ledgerByDay, ledgerPosition, recordEntry, type LedgerEntry } from "../server/ledger.server";
import { money } from "../server/money";
import { apprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);
afterEach(() => vi.useRealTimers());

const MONTHLY_COST_EACH = Math.round((DEFAULT_SETTINGS.fundingBandCap * 100) / DEFAULT_SETTINGS.durationMonths);
const levy = (on: string, pence: number): LedgerEntry => ({ occurred_on: on, kind: "levy", amount_pence: pence, person_id: null });
const payment = (on: string, pence: number): LedgerEntry => ({ occurred_on: on, kind: "payment", amount_pence: pence, person_id: 1 });

/** The demo's shape: 23 months of £32,000 levy and its top-up on the 15th, four apprentices paid for the last 14 on the 20th. */
function demoShaped(today: string) {
  const entries: LedgerEntry[] = [];
  for (let m = 23; m >= 1; m -= 1) {
    const month = addMonths(today, -m).slice(0, 7);
    entries.push(levy(`${month}-15`, 3_200_000), { ...levy(`${month}-15`, 320_000), kind: "top_up" });
    if (m <= 14) entries.push(payment(`${month}-20`, 4 * MONTHLY_COST_EACH));
  }
  return entries;
}

/** The ledger with the forecast's months recorded as it assumes (money in and cost on the 1st), and where it stands at the end of the last. */
function replayed(entries: LedgerEntry[], today: string, months: number, monthlyIn: number, monthlyCost: number) {
  const projected = [...entries];
  for (let i = 1; i <= months; i += 1) {
    const first = addMonths(`${today.slice(0, 7)}-01`, i);
    projected.push(levy(first, monthlyIn), payment(first, monthlyCost));
  }
  // The day before the 1st of the month after the last: the last month's last day.
  const after = Date.parse(`${addMonths(`${today.slice(0, 7)}-01`, months + 1)}T00:00:00Z`);
  return ledgerPosition(projected, new Date(after - 86_400_000).toISOString().slice(0, 10), DEFAULT_SETTINGS);
}

describe("the forecast's balance", () => {
  const today = "2026-06-20";
  const entries = demoShaped(today);

  it("lets funds expire as the account would: month 12 is the ledger replayed with the forecast's months", () => {
    const plan = forecast(entries, today, 4, DEFAULT_SETTINGS);
    const now = ledgerPosition(entries, today, DEFAULT_SETTINGS);
    const replay = replayed(entries, today, 12, plan.monthlyIn, plan.monthlyCost);
    expect(plan.rows[11]).toMatchObject({ month: "2027-06", balance: replay.balance });
    // July 2024's money was spent first; from August 2024's to June 2025's, most expires inside the year.
    const expired = plan.rows.reduce((sum, r) => sum + r.expired, 0);
    expect(expired).toBe(replay.expired - now.expired);
    expect(expired).toBeGreaterThan(30_000_000);
    expect(plan.rows.map((r) => r.expired > 0)).toEqual([false, ...Array(11).fill(true)]);
    // What adding money in less cost each month came to, less what expired.
    expect(plan.rows[11].balance).toBe(now.balance + 12 * (plan.monthlyIn - plan.monthlyCost) - expired);
    // Month by month: last month's balance, plus money in, less cost and what expired.
    for (let i = 1; i < 12; i += 1) expect(plan.rows[i].balance).toBe(plan.rows[i - 1].balance + plan.monthlyIn - plan.monthlyCost - plan.rows[i].expired);
  });

  it("shows what the planned places would spend beyond the account as a balance below nothing", () => {
    const plan = forecast([levy("2026-05-15", 100_000)], today, 3, DEFAULT_SETTINGS);
    expect(plan).toMatchObject({ monthlyIn: 100_000, monthlyCost: 191_667 });
    expect(plan.rows.slice(0, 2).map((r) => r.balance)).toEqual([8_333, -83_334]);
  });

  it("looks no further than 24 months ahead", () => {
    expect(forecast(entries, today, 4, DEFAULT_SETTINGS, 120).rows).toHaveLength(24);
  });
});

describe("funds expiring before the forecast's first month", () => {
  // Expiring on the 20th (today), the 25th (later this month) and the 1st of next month.
  const today = "2026-11-20";
  const entries = [levy("2024-11-20", 10_000), levy("2024-11-25", 100_000), levy("2024-12-01", 1_000)];

  it("are this month's, not next month's: named on their own and already off the first month's balance", () => {
    const plan = forecast(entries, today, 0, DEFAULT_SETTINGS);
    expect(plan.expiresThisMonth).toBe(100_000);
    expect(plan.rows[0]).toEqual({ month: "2026-12", paidIn: 0, cost: 0, expired: 1_000, balance: 0 });
    expect(plan.rows.slice(1).every((r) => r.expired === 0 && r.balance === 0)).toBe(true);
    // Today's balance, less what expires this month and in each month after: nothing left out or counted twice.
    expect(ledgerPosition(entries, today, DEFAULT_SETTINGS).balance - plan.expiresThisMonth - plan.rows[0].expired).toBe(plan.rows[0].balance);
  });

  it("are none on the last day of the month, whose expiry is all today's", () => {
    const plan = forecast(entries, "2026-11-30", 0, DEFAULT_SETTINGS);
    expect(plan.expiresThisMonth).toBe(0);
    expect(plan.rows[0]).toMatchObject({ month: "2026-12", expired: 1_000 });
  });
});

describe("the forecast's money in", () => {
  it("is the same all month: the last three complete months with levy, not this month's, recorded or not", () => {
    const entries = demoShaped("2026-06-20");
    for (const day of ["2026-06-01", "2026-06-14", "2026-06-15", "2026-06-20", "2026-06-30"]) {
      expect(recentMonthlyIn(entries, day)).toEqual({ monthlyIn: 3_520_000, months: ["2026-03", "2026-04", "2026-05"] });
    }
    const juneRecorded = [...entries, levy("2026-06-15", 3_200_000), { ...levy("2026-06-15", 320_000), kind: "top_up" as const }];
    expect(recentMonthlyIn(juneRecorded, "2026-06-20")).toEqual({ monthlyIn: 3_520_000, months: ["2026-03", "2026-04", "2026-05"] });
    expect(forecast(entries, "2026-06-20", 4, DEFAULT_SETTINGS).monthlyIn).toBe(3_520_000);
  });

  it("passes over a month with no levy recorded, takes what a young account has, and none from over a year ago", () => {
    const gap = [levy("2026-01-15", 100), levy("2026-02-15", 200), levy("2026-04-15", 600), levy("2026-05-15", 700)];
    expect(recentMonthlyIn(gap, "2026-06-20")).toEqual({ monthlyIn: 500, months: ["2026-02", "2026-04", "2026-05"] });
    expect(recentMonthlyIn([levy("2026-05-15", 700)], "2026-06-20")).toEqual({ monthlyIn: 700, months: ["2026-05"] });
    expect(recentMonthlyIn([levy("2025-05-15", 700)], "2026-06-20")).toEqual({ monthlyIn: 0, months: [] });
    expect(recentMonthlyIn([levy("2025-06-15", 700)], "2026-06-20")).toEqual({ monthlyIn: 700, months: ["2025-06"] });
  });
});

describe("the forecast on /funding", () => {
  type Funding = { forecastIntro: string; forecastThisMonth: string | null; expiring: { on: string; amount: string }[]; months: { band: string; display: string; expired: string }[] };
  // After the 15th, when this month's levy is due and the demo has not recorded it.
  const afterLevyDay = () => vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${londonToday().slice(0, 7)}-20T12:00:00Z`) });
  const load = async (query: string) => (await run((await import("../routes/funding")).loader, await requestAs("ld", `/programmes/apprenticeship/funding${query}`))).data as Funding;
  const lastThreeMonths = (today: string, locale: string) =>
    [3, 2, 1].map((back) => new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${addMonths(`${today.slice(0, 7)}-01`, -back)}T00:00:00Z`))).join(", ");

  it("plans on the demo's monthly levy and top-up, naming the months averaged, in both languages", async () => {
    afterLevyDay();
    const today = londonToday();
    expect((await load("?planned=4")).forecastIntro).toBe(`4 apprentices cost £2,555.56 a month against £35,200.00 a month paid in (the average of the last three complete months with levy recorded: ${lastThreeMonths(today, "en-GB")}).`);
    expect((await load("?planned=4&lng=cy")).forecastIntro).toBe(`Mae 4 o brentisiaid yn costio £2,555.56 y mis, o'i gymharu â £35,200.00 y mis a delir i mewn (cyfartaledd y tri mis llawn diwethaf y cofnodwyd ardoll ynddynt: ${lastThreeMonths(today, "cy")}).`);
  });

  it("shows month 12 as the whole ledger replayed with the forecast's months, funds expiring on the way", async () => {
    afterLevyDay();
    const today = londonToday();
    const page = await load("?planned=4");
    const entries = await ledgerByDay();
    const replay = replayed(entries, today, 12, 3_520_000, 4 * MONTHLY_COST_EACH);
    expect(page.months).toHaveLength(12);
    expect(page.months[11]).toMatchObject({ band: addMonths(`${today.slice(0, 7)}-01`, 12).slice(0, 7), display: money(replay.balance, "en-GB") });
    expect(replay.expired).toBeGreaterThan(ledgerPosition(entries, today, await apprenticeshipSettings()).expired);
    expect(page.months.filter((m) => m.expired !== "£0.00").length).toBeGreaterThan(0);
  });

  // Last, as it adds to the demo's ledger: levy from two years ago, so it expires on the 25th of this month.
  it("names what expires later this month beside the forecast, dated in the banner, and leaves it out of next month's row", async () => {
    afterLevyDay();
    const today = londonToday();
    const thisMonth = today.slice(0, 7);
    const nextMonth = addMonths(`${thisMonth}-01`, 1).slice(0, 7);
    expect(await recordEntry({ occurredOn: `${addMonths(`${thisMonth}-01`, -DEFAULT_SETTINGS.expiryMonths).slice(0, 7)}-25`, kind: "levy", amountPence: 10_000_000, personId: null, counterparty: null }, { userId: null, personId: null })).toEqual({ ok: true });
    const [page, cy] = [await load("?planned=0"), await load("?planned=0&lng=cy")];
    const expiringOn = (shown: Funding, day: string, locale: string) => shown.expiring.find((e) => e.on === formatDate(day, locale))?.amount;
    const laterThisMonth = expiringOn(page, `${thisMonth}-25`, "en-GB");
    expect(laterThisMonth).toBeDefined();
    expect(page.forecastThisMonth).toBe(`${laterThisMonth} expires before the end of this month unless it is spent first: it is listed by date under “Funds expiring soon” above. The forecast starts next month, with this already taken off its balances.`);
    expect(cy.forecastThisMonth).toBe(
      `Bydd ${expiringOn(cy, `${thisMonth}-25`, "cy")} yn dod i ben cyn diwedd y mis hwn oni bai ei fod yn cael ei wario yn gyntaf: fe'i rhestrir fesul dyddiad o dan “Arian sy'n dod i ben cyn bo hir” uchod. Mae'r rhagolwg yn dechrau'r mis nesaf, gyda hyn eisoes wedi'i dynnu o'i falansau.`,
    );
    // With no cost planned, next month's row is what the banner says expires in it: the demo's levy of the 15th.
    expect(page.months[0]).toMatchObject({ band: nextMonth, expired: expiringOn(page, `${nextMonth}-15`, "en-GB") });
  });
});
