// The transfer limit is a rolling one: transfers in any twelve months may be at most the set share of the
// funds in over them. A transfer dated before one already recorded falls in that later transfer's twelve
// months too, so it is checked against the limit on the later date as well as its own: checked on its own
// date only, a transfer refused in July went through dated March.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { apprenticeshipDb } from "../server/db.server";
import { recordEntry, type NewEntry } from "../server/ledger.server";

beforeAll(seedDemo);

const SYSTEM = { userId: null, personId: null };
const form = (fields: Record<string, string>) => ({ method: "POST", body: new URLSearchParams(fields) });
const post = async (fields: Record<string, string>, query = "") => run((await import("../routes/funding")).action, await requestAs("ld", `/programmes/apprenticeship/funding${query}`, form({ kind: "transfer", counterparty: "Riverside Trust", ...fields })));
const transfer = (occurredOn: string, pounds: number): NewEntry => ({ occurredOn, kind: "transfer", amountPence: pounds * 100, personId: null, counterparty: "Oakfield Care Partnership" });
const levy = (occurredOn: string, pounds: number): NewEntry => ({ occurredOn, kind: "levy", amountPence: pounds * 100, personId: null, counterparty: null });
// Years the demo's ledger (the last two) does not reach, so only these entries count.
const entriesIn = async (from: string, to: string) => apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["occurred_on", "kind", "amount_pence"]).where("occurred_on", ">=", from).where("occurred_on", "<=", to).orderBy("id").execute();
const transferAudits = async () => (await db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.ledger.transfer").execute()).length;

type Refusal = { reply: { error: Record<string, string[]> }; detail: string };

describe("a transfer dated before one already recorded", () => {
  beforeAll(async () => {
    // £100,000 levy and its £10,000 top-up: £55,000 may go out in any twelve months, and £50,000 went in June.
    expect(await recordEntry(levy("2015-01-15", 100_000), SYSTEM)).toEqual({ ok: true });
    expect(await recordEntry(transfer("2015-06-01", 50_000), SYSTEM)).toEqual({ ok: true });
  });

  it("is refused beside the amount when it would take the later transfer's twelve months over the limit, and nothing is stored", async () => {
    const before = await entriesIn("2015-01-01", "2015-12-31");
    const audits = await transferAudits();
    // Dated after June the allowance is plainly £5,000.
    const july = await post({ occurredOn: "2015-07-01", amount: "40000" });
    expect(july.status).toBe(400);
    expect((july.data as Refusal).reply.error).toEqual({ amount: ["funding.errors.overTransfer"] });
    // Dated March, before June's transfer: £55,000 was left on the day, but June's twelve months would hold £90,000.
    const march = await post({ occurredOn: "2015-03-01", amount: "40000" });
    expect(march.status).toBe(400);
    expect((march.data as Refusal).reply.error).toEqual({ amount: ["funding.errors.overTransfer"] });
    expect((march.data as Refusal).detail).toBe("That is more than can be transferred: £5,000.00 is left of the limit over 12 months");
    const inWelsh = await post({ occurredOn: "2015-03-01", amount: "40000" }, "?lng=cy");
    expect((inWelsh.data as Refusal).detail).toBe("Mae hynny'n fwy na'r hyn y gellir ei drosglwyddo: mae £5,000.00 ar ôl o'r terfyn dros 12 mis");
    expect(await entriesIn("2015-01-01", "2015-12-31")).toEqual(before);
    expect(await transferAudits()).toBe(audits);
  });

  it("is taken when every twelve months it falls in stays within the limit", async () => {
    expect((await post({ occurredOn: "2015-03-01", amount: "5000" })).status).toBe(303);
    // June's twelve months are now at the limit: another penny in March, or after June, is refused.
    expect(await recordEntry({ ...transfer("2015-02-01", 0), amountPence: 1 }, SYSTEM)).toMatchObject({ ok: false, error: "funding.errors.overTransfer", values: { allowance: 0 } });
    expect(await recordEntry({ ...transfer("2015-08-01", 0), amountPence: 1 }, SYSTEM)).toMatchObject({ ok: false, error: "funding.errors.overTransfer", values: { allowance: 0 } });
  });
});

describe("a transfer twelve months or more before a later one", () => {
  it("is checked on its own date only, as the later transfer's twelve months do not take it in", async () => {
    // 2011's levy allows £5,500; 2012's another £5,500, all of which went out in December 2012.
    expect(await recordEntry(levy("2011-06-15", 10_000), SYSTEM)).toEqual({ ok: true });
    expect(await recordEntry(levy("2012-01-15", 10_000), SYSTEM)).toEqual({ ok: true });
    expect(await recordEntry(transfer("2012-12-01", 5_500), SYSTEM)).toEqual({ ok: true });
    // December 2012's twelve months start after 1 December 2011: a transfer on that day is outside them.
    expect((await post({ occurredOn: "2011-12-01", amount: "5000" })).status).toBe(303);
    // A day later it is inside them, and they are already at the limit.
    const inside = await post({ occurredOn: "2011-12-02", amount: "1" });
    expect((inside.data as Refusal).reply.error).toEqual({ amount: ["funding.errors.overTransfer"] });
    expect((await entriesIn("2011-01-01", "2012-12-31")).filter((e) => e.kind === "transfer")).toEqual([
      { occurred_on: "2012-12-01", kind: "transfer", amount_pence: 550_000 },
      { occurred_on: "2011-12-01", kind: "transfer", amount_pence: 500_000 },
    ]);
  });
});

describe("the transfer allowance's wording", () => {
  it("says the limit runs over the last 12 months, not a year, in both languages", () => {
    expect(fixedT("en-GB")("apprenticeship:funding.transferAllowance")).toBe("Still transferable (limit over the last 12 months)");
    expect(fixedT("cy")("apprenticeship:funding.transferAllowance")).toBe("Ar gael i'w drosglwyddo o hyd (terfyn dros y 12 mis diwethaf)");
  });
});
