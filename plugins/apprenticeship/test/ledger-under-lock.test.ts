// Two entries on the funding form at once (two L&D officers, or a double submit), through the real
// service: each is checked against the account as the other left it, so together they never spend more
// than the funding band cap or the balance.
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { seedDemo } from "../../../tests/support/fixtures";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { ledgerPosition, recordEntry, type NewEntry } from "../server/ledger.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const CAP = DEFAULT_SETTINGS.fundingBandCap * 100;
const record = (entry: NewEntry) => recordEntry(entry, SYSTEM);
const everyEntry = async () => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().execute();
const paymentsFor = async (personId: number) => apprenticeshipDb().selectFrom("apprenticeship_ledger").select("amount_pence").where("kind", "=", "payment").where("person_id", "=", personId).execute();
const paidFor = async (personId: number) => (await paymentsFor(personId)).reduce((sum, p) => sum + p.amount_pence, 0);
const payment = (personId: number, amountPence: number, occurredOn = londonToday()): NewEntry => ({ occurredOn, kind: "payment", amountPence, personId, counterparty: null });
const levy = (amountPence: number, occurredOn = londonToday()): NewEntry => ({ occurredOn, kind: "levy", amountPence, personId: null, counterparty: null });

/** Apprentices on the programme, for payments: anyone enrolled on it. */
async function apprentices() {
  const rows = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", "apprenticeship").orderBy("e.id").execute();
  return [...new Set(rows.map((r) => r.person_id))];
}

/** The funding form's checks' reads: the ledger summed by day, and what one apprentice has been paid. */
const LEDGER_READ = /^select .*from "apprenticeship_ledger"/is;
const PAID_FOR_READ = /^select sum\("amount_pence"\) as "paid" from "apprenticeship_ledger"/i;

describe("two payments for one apprentice at once", () => {
  it("stores one and refuses the other as over the funding band cap, when together they would exceed it", async () => {
    const [apprentice] = await apprentices();
    const left = CAP - (await paidFor(apprentice));
    expect(left).toBeGreaterThan(1);
    // Money enough for both, so only the cap can refuse one.
    expect(await record(levy(2 * left))).toEqual({ ok: true });
    const before = (await paymentsFor(apprentice)).length;
    const results = await Promise.all([record(payment(apprentice, left)), record(payment(apprentice, left))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, field: "amount", error: "funding.errors.overCap", values: { left: 0 } }]);
    expect(await paymentsFor(apprentice)).toHaveLength(before + 1);
    expect(await paidFor(apprentice)).toBe(CAP);
  });

  it("checks a payment made while another is being checked against what the other paid", async () => {
    const [, apprentice] = await apprentices();
    const left = CAP - (await paidFor(apprentice));
    expect(left).toBeGreaterThan(1);
    expect(await record(levy(2 * left))).toEqual({ ok: true });
    let competing: Awaited<ReturnType<typeof record>> | undefined;
    const result = await whenFirstRead(
      PAID_FOR_READ,
      async () => (competing = await record(payment(apprentice, left))),
      () => record(payment(apprentice, left)),
    );
    expect([result, competing].filter((r) => r?.ok)).toHaveLength(1);
    expect([result, competing].filter((r) => r && !r.ok)).toEqual([{ ok: false, field: "amount", error: "funding.errors.overCap", values: { left: 0 } }]);
    expect(await paidFor(apprentice)).toBe(CAP);
  });
});

describe("two payments at once that together exceed the balance", () => {
  it("stores one and refuses the other as over the balance, saying what is left", async () => {
    // A small account of its own: £1,000 levy and its £100 top-up.
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    const [first, second] = await apprentices();
    expect(await record(levy(100_000, "2025-01-15"))).toEqual({ ok: true });
    const results = await Promise.all([record(payment(first, 60_000, "2025-02-03")), record(payment(second, 60_000, "2025-02-03"))]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual([{ ok: false, field: "amount", error: "funding.errors.overBalance", values: { balance: 50_000 } }]);
    expect(ledgerPosition(await everyEntry(), "2025-02-04", DEFAULT_SETTINGS)).toMatchObject({ balance: 50_000, shortfall: 0 });
  });

  it("checks a payment made while another is being checked against the balance the other left", async () => {
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    const [first, second] = await apprentices();
    expect(await record(levy(100_000, "2025-01-15"))).toEqual({ ok: true });
    let competing: Awaited<ReturnType<typeof record>> | undefined;
    const result = await whenFirstRead(
      LEDGER_READ,
      async () => (competing = await record(payment(second, 60_000, "2025-02-03"))),
      () => record(payment(first, 60_000, "2025-02-03")),
    );
    // Whichever came second was checked against what the first left: one stored, one refused.
    expect([result, competing].filter((r) => r?.ok)).toHaveLength(1);
    expect([result, competing].filter((r) => r && !r.ok)).toEqual([{ ok: false, field: "amount", error: "funding.errors.overBalance", values: { balance: 50_000 } }]);
    expect(ledgerPosition(await everyEntry(), "2025-02-04", DEFAULT_SETTINGS)).toMatchObject({ balance: 50_000, shortfall: 0 });
  });
});
