// The levy account's arithmetic, to the penny: oldest funds spent first, expiry after 24 months with a
// warning three months ahead, the transfer allowance, and the checks an entry must pass.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { Pagination } from "../../../app/components/Pagination";
import { formatDate } from "../../../app/utils/dates";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { rowsReadBy } from "../../../tests/support/rows-read";
import { DEFAULT_SETTINGS } from "../programme";
import { apprenticeshipDb } from "../server/db.server";
import { forecast } from "../server/forecast.server";
import { addMonths, ledgerPosition, type LedgerEntry } from "../server/ledger.server";
import { money } from "../server/money";
import { apprentices } from "../server/progress.server";

const levy = (on: string, pounds: number): LedgerEntry => ({ occurred_on: on, kind: "levy", amount_pence: pounds * 100, person_id: null });
const out = (on: string, pounds: number, kind: "payment" | "transfer" = "payment"): LedgerEntry => ({ occurred_on: on, kind, amount_pence: pounds * 100, person_id: kind === "payment" ? 1 : null });

// Seeded once for the file: seeding again would add the demo organisation twice.
beforeAll(seedDemo);

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
    const entries = [levy("2026-08-15", 3000), levy("2026-09-15", 3000), levy("2026-10-15", 3000), levy("2026-11-15", 3000)];
    const plan = forecast(entries, "2026-11-23", 3, DEFAULT_SETTINGS);
    expect(plan.monthlyIn).toBe(300_000);
    expect(plan.averaged).toEqual(["2026-08", "2026-09", "2026-10"]);
    expect(plan.monthlyCost).toBe(Math.round((23000 * 100 * 3) / 36));
    expect(plan.rows).toHaveLength(12);
    expect(plan.rows[0]).toMatchObject({ month: "2026-12", expired: 0, balance: 1_200_000 + 300_000 - plan.monthlyCost });
    expect(plan.rows[11].balance).toBe(1_200_000 + 12 * (300_000 - plan.monthlyCost));
  });
});

describe("recording entries on /funding", () => {
  const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
  const today = new Date().toISOString().slice(0, 10);
  // A future date the portal would otherwise take: years past 2199 are refused as not real.
  const nextYear = `${Number(today.slice(0, 4)) + 1}-01-01`;

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
    const missing = await run(funding.action, await requestAs("ld", "/programmes/apprenticeship/funding", form({ kind: "payment", occurredOn: nextYear, amount: "abc" })));
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
});

describe("the ledger on /funding, a page at a time", () => {
  type Funding = { ledgerCaption: string; ledgerPage: number; ledgerPageCount: number; entries: { id: number }[]; position: Record<string, string>; expiring: { on: string; amount: string }[] };
  const load = async (query = "") => (await run((await import("../routes/funding")).loader, await requestAs("ld", `/programmes/apprenticeship/funding${query}`))).data as Funding;
  const newestFirst = async () => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().orderBy("occurred_on", "desc").orderBy("id", "desc").execute();
  const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));

  it("shows 25 entries a page, newest first, with links to the other pages that work without JavaScript", async () => {
    const all = await newestFirst();
    const pageCount = Math.ceil(all.length / 25);
    expect(pageCount).toBeGreaterThan(2);
    const first = await load();
    expect(first.entries.map((e) => e.id)).toEqual(all.slice(0, 25).map((e) => e.id));
    expect(first).toMatchObject({ ledgerPage: 1, ledgerPageCount: pageCount, ledgerCaption: `The ledger, newest first (page 1 of ${pageCount})` });
    const second = await load("?page=2&planned=6");
    expect(second.entries.map((e) => e.id)).toEqual(all.slice(25, 50).map((e) => e.id));
    expect(second.ledgerCaption).toBe(`The ledger, newest first (page 2 of ${pageCount})`);
    expect((await load("?page=2&lng=cy")).ledgerCaption).toBe(`Y cyfriflyfr, y diweddaraf yn gyntaf (tudalen 2 o ${pageCount})`);
    // A page past the end shows the last, which holds what is left.
    const last = await load("?page=999");
    expect(last.ledgerPage).toBe(pageCount);
    expect(last.entries.map((e) => e.id)).toEqual(all.slice((pageCount - 1) * 25).map((e) => e.id));
    // The page's own pagination: plain links that keep the forecast asked for, not buttons.
    const html = renderToStaticMarkup(createElement(Pagination, { page: second.ledgerPage, pageCount: second.ledgerPageCount, search: "?page=2&planned=6" }));
    expect(html).not.toMatch(/<button/);
    expect(hrefs(html)).toEqual(expect.arrayContaining(["?page=1&planned=6", "?page=3&planned=6"]));
  });

  it("gives the whole ledger's balance and expiring funds, as a walk over every entry does", async () => {
    const page = await load();
    const position = ledgerPosition(await newestFirst(), londonToday(), DEFAULT_SETTINGS);
    expect(page.position).toEqual({ balance: money(position.balance, "en-GB"), paidIn: money(position.paidIn, "en-GB"), spent: money(position.spent, "en-GB"), expired: money(position.expired, "en-GB"), transferAllowance: money(position.transferAllowance, "en-GB") });
    // Levy and its top-up arrive on one day and expire together: one line for the day.
    const byDay = new Map<string, number>();
    for (const e of position.expiringSoon) byDay.set(e.expiresOn, (byDay.get(e.expiresOn) ?? 0) + e.amount);
    expect(page.expiring).toEqual([...byDay].map(([on, amount]) => ({ on: formatDate(on, "en-GB"), amount: money(amount, "en-GB") })));
    expect(page.expiring.length).toBeGreaterThan(0);
  });

  it("reads a page of entries and the days money moved, however many payments there are", async () => {
    const before = await rowsReadBy(() => load());
    // Payments on a day already paid on, for the apprentices already paid for: more entries, no more days.
    const [oldest] = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["occurred_on", "person_id"]).where("kind", "=", "payment").orderBy("occurred_on").limit(1).execute();
    const stamp = new Date().toISOString();
    await apprenticeshipDb()
      .insertInto("apprenticeship_ledger")
      .values(Array.from({ length: 200 }, () => ({ occurred_on: oldest.occurred_on, kind: "payment" as const, amount_pence: 100, person_id: oldest.person_id, counterparty: null, recorded_by: null, created_at: stamp })))
      .execute();
    expect(await rowsReadBy(() => load())).toBe(before);
    // And the balance still counts them all.
    const position = ledgerPosition(await newestFirst(), londonToday(), DEFAULT_SETTINGS);
    expect((await load()).position.balance).toBe(money(position.balance, "en-GB"));
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

describe("an amount too large for the ledger", () => {
  const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
  const today = new Date().toISOString().slice(0, 10);
  const post = async (fields: Record<string, string>) => run((await import("../routes/funding")).action, await requestAs("ld", "/programmes/apprenticeship/funding", form(fields)));
  const count = async () => (await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").execute()).length;

  it("refuses a levy over £10,000,000 next to the amount, in both languages, and stores nothing", async () => {
    const before = await count();
    for (const amount of ["£30,000,000", "10000000.01", "99999999999999"]) {
      const refused = await post({ kind: "levy", occurredOn: today, amount });
      expect(refused.status).toBe(400);
      expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ amount: ["funding.errors.amountTooLarge"] });
    }
    expect(await count()).toBe(before);
    expect(fixedT("en-GB")("apprenticeship:funding.errors.amountTooLarge")).toBe("The amount must be £10,000,000 or less");
    expect(fixedT("cy")("apprenticeship:funding.errors.amountTooLarge")).toBe("Rhaid i'r swm fod yn £10,000,000 neu lai");
  });

  it("takes a levy of exactly £10,000,000 with its top-up", async () => {
    const before = await count();
    expect((await post({ kind: "levy", occurredOn: today, amount: "10,000,000.00" })).status).toBe(303);
    const added = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["kind", "amount_pence"]).orderBy("id", "desc").limit(2).execute();
    expect(added.reverse()).toEqual([{ kind: "levy", amount_pence: 1_000_000_000 }, { kind: "top_up", amount_pence: 100_000_000 }]);
    expect(await count()).toBe(before + 2);
  });

  it("refuses an apprentice id longer than nine digits as no apprentice", async () => {
    const refused = await post({ kind: "payment", occurredOn: today, amount: "10", person: "12345678901" });
    expect(refused.status).toBe(400);
    expect((refused.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ person: ["funding.errors.person"] });
  });
});

describe("the apprentices planned in the forecast", () => {
  type Page = { title: string; planned: number | null; plannedField: { value: string; error?: string }; forecastIntro: string | null; months: unknown[] };
  const load = async (query: string) => {
    const page = await run((await import("../routes/funding")).loader, await requestAs("ld", `/programmes/apprenticeship/funding${query}`));
    return { status: page.status, page: page.data as Page };
  };

  it("forecasts for 0 apprentices when 0 is typed, and keeps the 0 in the field", async () => {
    const { status, page } = await load("?planned=0");
    expect(status).toBe(200);
    expect(page).toMatchObject({ planned: 0, plannedField: { value: "0" } });
    expect(page.forecastIntro).toMatch(/^0 apprentices cost £0\.00 a month against/);
    expect(page.months).toHaveLength(12);
    expect((await load("?planned=9999")).page.planned).toBe(9999);
  });

  it("forecasts for those in training when nothing is typed", async () => {
    const inTraining = (await apprentices()).filter((a) => !a.completion?.registered_on).length;
    expect((await load("")).page).toMatchObject({ planned: inTraining, plannedField: { value: String(inTraining) } });
    expect((await load("?planned=")).page.planned).toBe(inTraining);
  });

  it("refuses anything but a whole number from 0 to 9,999 next to the field, keeping what was typed", async () => {
    for (const typed of ["-1", "2.5", "ten", "10000"]) {
      const { status, page } = await load(`?planned=${encodeURIComponent(typed)}`);
      expect(status).toBe(400);
      expect(page).toMatchObject({ title: "Error: Levy account", planned: null, plannedField: { value: typed, error: "Enter the number of apprentices planned as a whole number from 0 to 9,999" }, forecastIntro: null, months: [] });
    }
    const inWelsh = (await load("?planned=ten&lng=cy")).page;
    expect(inWelsh.plannedField.error).toBe("Rhowch nifer y prentisiaid a gynlluniwyd fel rhif cyfan o 0 i 9,999");
    expect(inWelsh.title).toMatch(/^Gwall: /);
  });
});
