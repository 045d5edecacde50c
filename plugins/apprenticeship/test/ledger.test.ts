// The levy account's arithmetic, to the penny: oldest funds spent first, expiry after 24 months with a
// warning three months ahead, the transfer allowance, and the checks an entry must pass.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { addMonths, forecast, ledgerPosition, type LedgerEntry } from "../server/ledger.server";
import { apprentices } from "../server/progress.server";

const levy = (on: string, pounds: number): LedgerEntry => ({ occurred_on: on, kind: "levy", amount_pence: pounds * 100, person_id: null });
const out = (on: string, pounds: number, kind: "payment" | "transfer" = "payment"): LedgerEntry => ({ occurred_on: on, kind, amount_pence: pounds * 100, person_id: kind === "payment" ? 1 : null });

describe("ledger arithmetic", () => {
  it("adds months to the end of a shorter month", () => {
    expect(addMonths("2024-01-31", 1)).toBe("2024-02-29");
    expect(addMonths("2024-11-15", 24)).toBe("2026-11-15");
    expect(addMonths("2026-03-15", -12)).toBe("2025-03-15");
  });

  it("spends the oldest funds first, so the newer ones are what is left", () => {
    const position = ledgerPosition([levy("2025-01-15", 1000), levy("2025-02-15", 1000), out("2025-03-01", 1500)], "2025-06-01", DEFAULT_SETTINGS);
    expect(position).toMatchObject({ balance: 50_000, paidIn: 200_000, spent: 150_000, expired: 0 });
  });

  it("expires what is unused 24 months after it arrived, and warns three months ahead", () => {
    const entries = [levy("2024-01-15", 1000), levy("2024-03-15", 1000), out("2024-06-01", 400)];
    const before = ledgerPosition(entries, "2025-11-20", DEFAULT_SETTINGS);
    expect(before.expired).toBe(0);
    expect(before.expiringSoon).toEqual([{ expiresOn: "2026-01-15", amount: 60_000 }]);
    const after = ledgerPosition(entries, "2026-01-15", DEFAULT_SETTINGS);
    expect(after).toMatchObject({ expired: 60_000, balance: 100_000 });
    expect(after.expiringSoon).toEqual([{ expiresOn: "2026-03-15", amount: 100_000 }]);
    // Spending before the expiry uses the older money and saves it from expiring.
    const saved = ledgerPosition([...entries, out("2025-12-01", 600)], "2026-01-16", DEFAULT_SETTINGS);
    expect(saved).toMatchObject({ expired: 0, balance: 100_000 });
  });

  it("allows transfers up to half of the last twelve months' funds in, less transfers already made", () => {
    const entries = [levy("2024-06-15", 10_000), levy("2025-06-15", 1000), levy("2025-07-15", 1000), out("2025-08-01", 300, "transfer")];
    expect(ledgerPosition(entries, "2025-09-01", DEFAULT_SETTINGS).transferAllowance).toBe(70_000);
    expect(ledgerPosition(entries, "2025-09-01", { ...DEFAULT_SETTINGS, transferPercent: 10 }).transferAllowance).toBe(0);
  });

  it("forecasts month by month from planned places and the recent levy", () => {
    const entries = [levy("2026-09-15", 3000), levy("2026-10-15", 3000), levy("2026-11-15", 3000)];
    const plan = forecast(entries, "2026-11-23", 3, DEFAULT_SETTINGS);
    expect(plan.monthlyIn).toBe(300_000);
    expect(plan.monthlyCost).toBe(Math.round((23000 * 100 * 3) / 36));
    expect(plan.rows).toHaveLength(12);
    expect(plan.rows[0]).toMatchObject({ month: "2026-12", balance: 900_000 + 300_000 - plan.monthlyCost });
    expect(plan.rows[11].balance).toBe(900_000 + 12 * (300_000 - plan.monthlyCost));
  });
});

describe("recording entries on /funding", () => {
  beforeAll(seedDemo);
  const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
  const today = new Date().toISOString().slice(0, 10);

  it("adds the government top-up to levy paid in", async () => {
    const funding = await import("../routes/funding");
    const before = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").execute();
    expect((await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "levy", occurredOn: today, amount: "£1,000.00" })))).status).toBe(303);
    const added = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["kind", "amount_pence"]).where("id", ">", Math.max(0, ...before.map((b) => b.id))).orderBy("id").execute();
    expect(added).toEqual([{ kind: "levy", amount_pence: 100_000 }, { kind: "top_up", amount_pence: 10_000 }]);
  });

  it("refuses a payment over the funding band cap, a transfer over the allowance and anything over the balance, saying by how much", async () => {
    const funding = await import("../routes/funding");
    const [apprentice] = await apprentices();
    const paid = (await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.sum<number>("amount_pence").as("n")).where("person_id", "=", apprentice.personId).executeTakeFirstOrThrow()).n;
    const left = 2_300_000 - Number(paid);
    const overCap = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: today, amount: String(left / 100 + 1), person: String(apprentice.personId) })));
    expect(overCap.status).toBe(400);
    expect((overCap.data as { reply: { error: Record<string, string[]> }; detail: string }).reply.error).toEqual({ amount: ["funding.errors.overCap"] });
    expect((overCap.data as { detail: string }).detail).toBe(`That would take the apprentice over the funding band cap: £${(left / 100).toLocaleString("en-GB", { minimumFractionDigits: 2 })} is left`);
    const overTransfer = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "transfer", occurredOn: today, amount: "400000", counterparty: "Another council" })));
    expect((overTransfer.data as { reply: { error: Record<string, string[]> } }).reply.error.amount[0]).toMatch(/^funding\.errors\.(overTransfer|overBalance)$/);
    const missing = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: "2999-01-01", amount: "abc" })));
    expect((missing.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ occurredOn: ["funding.errors.future"], amount: ["funding.errors.amount"] });
    const noPerson = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: today, amount: "10" })));
    expect((noPerson.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ person: ["funding.errors.person"] });
    const ok = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: today, amount: "100", person: String(apprentice.personId) })));
    expect(ok.status).toBe(303);
    const audit = await db().selectFrom("audit_events").select("action").where("action", "like", "apprenticeship.ledger.%").execute();
    expect(audit.map((a) => a.action)).toEqual(["apprenticeship.ledger.levy", "apprenticeship.ledger.payment"]);
  });

  it("shows the demo account's balance, expiring funds and a twelve-month forecast", async () => {
    const funding = await import("../routes/funding");
    const page = (await run(funding.loader, await requestAs("ld", "/programmes/apprenticeship/funding?planned=6"))).data as { planned: number; months: unknown[]; expiring: unknown[]; position: { balance: string } };
    expect(page.planned).toBe(6);
    expect(page.months).toHaveLength(12);
    expect(page.expiring.length).toBeGreaterThan(0);
    expect(page.position.balance).toMatch(/^£[\d,]+\.\d\d$/);
    expect((await run(funding.loader, await requestAs("practitioner", "/programmes/apprenticeship/funding"))).status).toBe(403);
  });

  it("mentions older entries in the ledger's caption only when some are not shown", async () => {
    const funding = await import("../routes/funding");
    const caption = async (query = "") => ((await run(funding.loader, await requestAs("ld", `/programmes/apprenticeship/funding${query}`))).data as { ledgerCaption: string }).ledgerCaption;
    const ids = (await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").orderBy("id").execute()).map((r) => r.id);
    // The demo account has more entries than the page shows.
    expect(ids.length).toBeGreaterThan(60);
    expect(await caption()).toBe(`The ledger, newest first (older entries not shown: ${ids.length - 60})`);
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").where("id", "in", ids.slice(0, ids.length - 60)).execute();
    expect(await caption()).toBe("The ledger, newest first");
    expect(await caption("?lng=cy")).toBe("Y cyfriflyfr, y diweddaraf yn gyntaf");
  });
});

describe("a backdated entry", () => {
  it("cannot spend money that later entries have already spent", () => {
    const entries = [levy("2026-01-15", 1000), out("2026-03-01", 900)];
    const withBackdated = [...entries, out("2026-02-01", 500)];
    expect(ledgerPosition(entries, "2026-03-02", DEFAULT_SETTINGS).shortfall).toBe(0);
    expect(ledgerPosition(withBackdated, "2026-03-02", DEFAULT_SETTINGS).shortfall).toBe(40_000);
    // On its own date the account held enough; only the replay shows the overspend.
    expect(ledgerPosition(entries, "2026-02-01", DEFAULT_SETTINGS).balance).toBe(100_000);
  });
});
