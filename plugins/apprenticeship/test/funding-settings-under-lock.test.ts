// A change to the funding band cap saved while a payment is being recorded on /funding: the payment is
// judged against the cap in force when it is written, never against one read before the change.
import { beforeAll, describe, expect, it } from "vitest";
import { londonToday } from "../../../app/utils/london-time";
import { whenFirstRead } from "../../../tests/support/competing-change";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import * as funding from "../routes/funding";
import { apprenticeshipDb } from "../server/db.server";
import { recordEntry } from "../server/ledger.server";
import { money } from "../server/money";
import { saveApprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
/** Any read of the settings: the first is where the cap is taken from. */
const SETTINGS_READ = /from "settings"/i;

const paidFor = async (personId: number) => {
  const rows = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("amount_pence").where("kind", "=", "payment").where("person_id", "=", personId).execute();
  return rows.reduce((sum, r) => sum + r.amount_pence, 0);
};

async function anApprentice() {
  const row = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", "apprenticeship").where("e.status", "=", "enrolled").where("c.starts_on", "<=", londonToday()).orderBy("e.id").executeTakeFirstOrThrow();
  return row.person_id;
}

const pay = (personId: number, pence: number) =>
  requestAs("ld", "/programmes/apprenticeship/funding", { method: "POST", body: new URLSearchParams({ kind: "payment", occurredOn: londonToday(), amount: money(pence, "en-GB"), person: String(personId) }) });

describe("the funding band cap lowered while a payment is being recorded", () => {
  it("judges the payment against the cap in force when it is written, or refuses it", async () => {
    const apprentice = await anApprentice();
    const paid = await paidFor(apprentice);
    const cap = DEFAULT_SETTINGS.fundingBandCap * 100;
    const amount = cap - paid;
    expect(amount).toBeGreaterThan(100_000);
    // Money enough in the account, so only the cap can refuse the payment.
    expect(await recordEntry({ occurredOn: londonToday(), kind: "levy", amountPence: 2 * amount, personId: null, counterparty: null }, SYSTEM)).toEqual({ ok: true });
    // The lower cap leaves room for less than the payment: £1,000 less than it would fill.
    const lowered = { ...DEFAULT_SETTINGS, fundingBandCap: DEFAULT_SETTINGS.fundingBandCap - 1000 };
    let paidWhenCapLowered: number | undefined;
    try {
      const result = await whenFirstRead(
        SETTINGS_READ,
        async () => {
          await saveApprenticeshipSettings(lowered, SYSTEM);
          paidWhenCapLowered = await paidFor(apprentice);
        },
        async () => run(funding.action, await pay(apprentice, amount)),
      );
      const stored = await paidFor(apprentice);
      // Either the payment was written first, under the cap then in force, and the change came after it;
      // or the change came first and the payment was refused as over the lowered cap, saying what is left.
      expect([
        { status: 303, stored: paid + amount, paidWhenCapLowered: paid + amount },
        { status: 400, stored: paid, paidWhenCapLowered: paid },
      ]).toContainEqual({ status: result.status, stored, paidWhenCapLowered });
      if (result.status === 400) expect((result.data as { detail: string }).detail).toContain(money(Math.max(0, lowered.fundingBandCap * 100 - paid), "en-GB"));
    } finally {
      await saveApprenticeshipSettings(DEFAULT_SETTINGS, SYSTEM);
    }
  });
});
