// The levy account once it has run for years: the /admin card and the funding form's checks read the
// ledger summed by day, so what they read does not grow with every payment for every apprentice, and
// they come to the same figures and refusals as a walk over every entry.
import { beforeAll, describe, expect, it } from "vitest";
import * as admin from "../../../app/routes/admin._index";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { ledgerPosition, recordEntry } from "../server/ledger.server";
import { money } from "../server/money";
import { apprenticeshipSettings } from "../server/settings.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });

type Card = { widgets: { id: string; rows?: { label: string; value: string }[] }[] };
const adminCard = async () => {
  const page = (await run(admin.loader, await requestAs("ld", "/admin"))).data as Card;
  return Object.fromEntries(page.widgets.find((w) => w.id === "apprenticeship-admin")!.rows!.map((r) => [r.label, r.value]));
};
const postEntry = async (fields: Record<string, string>) => run((await import("../routes/funding")).action, await requestAs("ld", "/programmes/apprenticeship/funding", form(fields)));
const everyEntry = async () => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().execute();

/** The oldest payment: a day already paid on, for an apprentice already paid for. */
const oldestPayment = async () => apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["occurred_on", "person_id"]).where("kind", "=", "payment").orderBy("occurred_on").limit(1).executeTakeFirstOrThrow();

/** `count` penny payments on a day already paid on, for an apprentice already paid for: more entries, no more days. */
async function addPaymentsOnAPaidDay(count: number) {
  const oldest = await oldestPayment();
  const stamp = new Date().toISOString();
  await apprenticeshipDb()
    .insertInto("apprenticeship_ledger")
    .values(Array.from({ length: count }, () => ({ occurred_on: oldest.occurred_on, kind: "payment" as const, amount_pence: 1, person_id: oldest.person_id, counterparty: null, recorded_by: null, created_at: stamp })))
    .execute();
}

describe("the /admin card's levy figures", () => {
  it("are the balance and expiring funds a walk over every entry gives", async () => {
    const position = ledgerPosition(await everyEntry(), londonToday(), await apprenticeshipSettings());
    const expiring = position.expiringSoon.reduce((sum, e) => sum + e.amount, 0);
    expect(expiring).toBeGreaterThan(0);
    expect(await adminCard()).toMatchObject({ "Levy balance": money(position.balance, "en-GB"), "Expiring in three months": money(expiring, "en-GB") });
  });

  it("read the days money moved, however many payments there are", async () => {
    const before = await rowsReadBy(adminCard);
    await addPaymentsOnAPaidDay(200);
    expect(await rowsReadBy(adminCard)).toBe(before);
    // And the balance still counts them all.
    const position = ledgerPosition(await everyEntry(), londonToday(), await apprenticeshipSettings());
    expect((await adminCard())["Levy balance"]).toBe(money(position.balance, "en-GB"));
  });
});

describe("the funding form's checks", () => {
  it("read the days money moved and one apprentice's payments, however many payments there are", async () => {
    const oldest = await oldestPayment();
    // Checked in full and refused, so nothing is written between the two counts.
    const overCap = { kind: "payment", occurredOn: londonToday(), amount: "23000", person: String(oldest.person_id) };
    // Taken, on a day that already has levy, so it adds no day of its own.
    const { occurred_on: levyDay } = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("occurred_on").where("kind", "=", "levy").orderBy("occurred_on").limit(1).executeTakeFirstOrThrow();
    const levy = { kind: "levy", occurredOn: levyDay, amount: "1.00" };
    const readBy = async (fields: Record<string, string>, status: number) =>
      rowsReadBy(async () => {
        const result = await postEntry(fields);
        expect(result.status).toBe(status);
        if (status === 400) expect((result.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ amount: ["funding.errors.overCap"] });
      });
    const before = { refused: await readBy(overCap, 400), taken: await readBy(levy, 303) };
    await addPaymentsOnAPaidDay(200);
    expect({ refused: await readBy(overCap, 400), taken: await readBy(levy, 303) }).toEqual(before);
  });

  it("still refuse a backdated payment that would spend money later payments already spent, saying what is left", async () => {
    // A small account of its own, so the overspend is the backdated entry's alone.
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    const apprentice = await anApprentice();
    expect(await recordEntry({ occurredOn: "2025-01-15", kind: "levy", amountPence: 100_000, personId: null, counterparty: null }, SYSTEM)).toEqual({ ok: true });
    expect(await recordEntry({ occurredOn: "2025-03-01", kind: "payment", amountPence: 100_000, personId: apprentice, counterparty: null }, SYSTEM)).toEqual({ ok: true });
    // On 1 February the account held £1,100 (levy and top-up); by 1 March only £100 is left unspent.
    const backdated = { occurredOn: "2025-02-01", kind: "payment" as const, amountPence: 50_000, personId: apprentice, counterparty: null };
    expect(await recordEntry(backdated, SYSTEM)).toEqual({ ok: false, field: "amount", error: "funding.errors.overBalance", values: { balance: 10_000 } });
    expect(await recordEntry({ ...backdated, amountPence: 10_000 }, SYSTEM)).toEqual({ ok: true });
    expect(ledgerPosition(await everyEntry(), "2025-03-02", DEFAULT_SETTINGS)).toMatchObject({ balance: 0, shortfall: 0 });
  });
});

/** An apprentice, for payments once the ledger is emptied: anyone enrolled on the programme. */
async function anApprentice() {
  const { person_id } = await apprenticeshipDb().selectFrom("enrolments as e").innerJoin("cohorts as c", "c.id", "e.cohort_id").select("e.person_id").where("c.programme_id", "=", "apprenticeship").orderBy("e.id").limit(1).executeTakeFirstOrThrow();
  return person_id;
}
