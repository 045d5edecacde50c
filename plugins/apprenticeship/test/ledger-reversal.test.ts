// A ledger entry typed wrongly (£100,000 of levy for £10,000) is corrected by reversing it: L&D follow the
// entry's link on /funding to a confirmation page and give a reason. The entry stays as it was; a reversal
// naming it (levy's top-up too) is written under the ledger's lock and audited, and the balance, expiry,
// forecast, transfer allowance and funding band cap leave both out. Refused without a reason (beside the
// field and in the summary), for an entry reversed already, for a top-up or a reversal on its own, and for
// money in that payments already recorded were paid from. The same form sent twice reverses once. Through
// the real pages and actions, their forms as the server renders them, on a migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets, hasElementWithId, postForms } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import * as funding from "../routes/funding";
import * as reversePage from "../routes/funding.$entryId.reverse";
import { apprenticeshipDb } from "../server/db.server";
import { ledgerByDay } from "../server/ledger.server";
import { money } from "../server/money";
import { apprentices } from "../server/progress.server";

beforeAll(seedDemo);

const today = londonToday();
const FUNDING = `/programmes/${PLUGIN_ID}/funding`;
const reversePath = (id: number) => `${FUNDING}/${id}/reverse`;
const CAP = DEFAULT_SETTINGS.fundingBandCap * 100;

type FundingPage = {
  saved: string | null;
  position: Record<string, string>;
  expiring: unknown[];
  months: unknown[];
  entries: { id: number; kind: string; reversal: boolean; reversed: boolean; reason: string | null; amount: string; correctHref: string | null }[];
};
type ReversePage = { title: string; view: string; rows: { key: string; value: string }[]; consequences: string[]; formToken: string };

const loadFunding = async (query = "") => (await run(funding.loader, await requestAs("ld", `${FUNDING}${query}`))).data as FundingPage;
const record = async (fields: Record<string, string>) => run(funding.action, await requestAs("ld", FUNDING, { method: "POST", body: new URLSearchParams({ occurredOn: today, ...fields }) }));
const open = async (id: number, who: DemoAccount = "ld", lng = "en-GB") => run(reversePage.loader, await requestAs(who, `${reversePath(id)}?lng=${lng}`), { entryId: String(id) });
const send = async (id: number, fields: [string, string][], who: DemoAccount = "ld", lng = "en-GB") =>
  run(reversePage.action, await requestAs(who, `${reversePath(id)}?lng=${lng}`, { method: "POST", body: new URLSearchParams(fields) }), { entryId: String(id) });

/** The confirmation page as L&D open it, and the form it renders: what a browser without JavaScript sends. */
async function confirmation(id: number) {
  const shown = await open(id);
  expect(shown.status).toBe(200);
  const html = decodeHtml(await renderedAfterPost(reversePage.default, shown.data, null));
  return { data: shown.data as ReversePage, html, form: postForms(html, `http://localhost${reversePath(id)}`)[0] };
}

/** The page's form sent with this reason typed, as L&D would send it. */
async function reverseWithReason(id: number, reason: string) {
  const { form } = await confirmation(id);
  return send(id, [...form.fields.filter(([name]) => name !== "reason"), ["reason", reason]]);
}

const expectReversed = (answer: Outcome) => {
  expect(answer.status).toBe(303);
  expect(answer.headers.get("Location")).toBe(`${FUNDING}?saved=reversed`);
};

const newest = (kind: "levy" | "top_up" | "payment" | "transfer") => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().where("kind", "=", kind).orderBy("id", "desc").executeTakeFirstOrThrow();
const rowsById = (ids: number[]) => apprenticeshipDb().selectFrom("apprenticeship_ledger").selectAll().where("id", "in", ids).orderBy("id").execute();
/** The reversals written of these rows, with the columns migration 0004 added. */
const reversalsOf = async (ids: number[]) =>
  (await db().selectFrom("apprenticeship_ledger" as never).selectAll().where("reverses_id" as never, "in", ids as never).orderBy("id" as never).execute()) as unknown as { id: number; kind: string; occurred_on: string; amount_pence: number; person_id: number | null; reverses_id: number; reason: string; recorded_by: number | null }[];
const reversedEvents = (id: number) => db().selectFrom("audit_events").selectAll().where("action", "=", "apprenticeship.ledger.reversed").where("subject_id", "=", String(id)).execute();

describe("a levy entry typed wrongly", () => {
  it("is reversed with its top-up from its link on /funding, and the balance, forecast, expiry and transfer allowance are as before it", async () => {
    const byDayBefore = await ledgerByDay();
    const pageBefore = await loadFunding();
    expect((await record({ kind: "levy", amount: "100,000" })).status).toBe(303);
    const [levy, topUp] = [await newest("levy"), await newest("top_up")];
    expect([levy.amount_pence, topUp.amount_pence]).toEqual([10_000_000, 1_000_000]);
    expect(await ledgerByDay()).not.toEqual(byDayBefore);

    // The ledger links the levy to its correction, a link a browser follows without JavaScript, named for a
    // screen reader; its top-up goes with it, so has no link of its own.
    const fundingPage = await loadFunding();
    const listed = fundingPage.entries;
    expect(listed.find((e) => e.id === levy.id)!.correctHref).toBe(reversePath(levy.id));
    expect(listed.find((e) => e.id === topUp.id)!.correctHref).toBeNull();
    const ledgerHtml = decodeHtml(await renderedAfterPost(funding.default, fundingPage, null));
    expect(ledgerHtml).toContain(`href="${reversePath(levy.id)}">Correct<span class="govuk-visually-hidden"> this entry: Levy paid in, £100,000.00, `);
    expect(ledgerHtml).not.toContain(`href="${reversePath(topUp.id)}"`);
    const { data, form } = await confirmation(levy.id);
    expect(data.view).toBe("confirm");
    expect(data.rows.find((r) => r.key === "amount")!.value).toBe("£100,000.00");
    expect(data.rows.find((r) => r.key === "topUp")!.value).toBe("£10,000.00");
    expect(data.consequences[1]).toBe("The government top-up of £10,000.00 that came with this levy is reversed with it.");
    expect(form.visible).toEqual(new Set(["reason"]));

    const originals = await rowsById([levy.id, topUp.id]);
    expectReversed(await reverseWithReason(levy.id, "Typed £100,000 for £10,000."));

    // The account is as it was before the mistake, by day, so on every figure worked out from it.
    expect(await ledgerByDay()).toEqual(byDayBefore);
    // Where the reversal lands, saying it is done.
    const after = await loadFunding("?saved=reversed");
    expect(after.position).toEqual(pageBefore.position);
    expect(after.expiring).toEqual(pageBefore.expiring);
    expect(after.months).toEqual(pageBefore.months);
    expect(after.saved).toBe("The entry is reversed. The balance, the forecast and the transfer allowance leave it out.");

    // The mistake is kept as it was, beside the reversal that names it.
    expect(await rowsById([levy.id, topUp.id])).toEqual(originals);
    const reversals = await reversalsOf([levy.id, topUp.id]);
    expect(reversals.map((r) => [r.reverses_id, r.kind, r.occurred_on, r.amount_pence, r.reason])).toEqual([
      [levy.id, "levy", today, 10_000_000, "Typed £100,000 for £10,000."],
      [topUp.id, "top_up", today, 1_000_000, "Typed £100,000 for £10,000."],
    ]);
    expect(after.entries.find((e) => e.id === levy.id)).toMatchObject({ reversed: true, correctHref: null });
    expect(after.entries.find((e) => e.id === reversals[0].id)).toMatchObject({ reversal: true, reason: "Typed £100,000 for £10,000.", amount: money(-10_000_000, "en-GB"), correctHref: null });
    const afterHtml = decodeHtml(await renderedAfterPost(funding.default, after, null));
    expect(afterHtml).toContain("Reversal: Levy paid in");
    expect(afterHtml).toContain("Reason: Typed £100,000 for £10,000.");
    expect(afterHtml).not.toContain(`href="${reversePath(levy.id)}"`);

    // Audited once, about the levy: what it was, and the rows that took it back with the reason.
    const [event, ...more] = await reversedEvents(levy.id);
    expect(more).toEqual([]);
    expect(JSON.parse(event.before_json!)).toEqual(originals.map((r) => expect.objectContaining({ id: r.id, amount_pence: r.amount_pence })));
    expect(JSON.parse(event.after_json!)).toEqual(reversals.map((r) => expect.objectContaining({ id: r.id, reverses_id: r.reverses_id, reason: "Typed £100,000 for £10,000." })));
  });

  it("is reversed once when the same form is sent twice, and a new drawing of the page is told it is reversed already", async () => {
    expect((await record({ kind: "levy", amount: "54,321" })).status).toBe(303);
    const levy = await newest("levy");
    const { form } = await confirmation(levy.id);
    const fields: [string, string][] = [...form.fields.filter(([name]) => name !== "reason"), ["reason", "Entered twice."]];
    const both = await Promise.all([send(levy.id, fields), send(levy.id, fields)]);
    both.forEach(expectReversed);
    expectReversed(await send(levy.id, fields));
    expect(await reversalsOf([levy.id])).toHaveLength(1);
    expect(await reversedEvents(levy.id)).toHaveLength(1);

    expect((await confirmation(levy.id)).data.view).toBe("reversed");
    const again = await send(levy.id, [["formToken", ((await open(levy.id)).data as ReversePage).formToken], ["reason", "Once more."]]);
    expect(again.status).toBe(409);
    expect((again.data as { detail: string }).detail).toBe("This entry has already been reversed, so nothing was changed");
    expect(await reversalsOf([levy.id])).toHaveLength(1);
  });
});

describe("a reversal refused", () => {
  it("without a reason is refused beside the field and in the summary, in English and Welsh, and nothing is reversed", async () => {
    expect((await record({ kind: "levy", amount: "1,234" })).status).toBe(303);
    const levy = await newest("levy");
    for (const [lng, message] of [
      ["en-GB", "Enter why you are reversing this entry"],
      ["cy", "Rhowch pam rydych chi'n gwrthdroi'r cofnod hwn"],
    ] as const) {
      const { form } = await confirmation(levy.id);
      const refused = await send(levy.id, [...form.fields.filter(([name]) => name !== "reason"), ["reason", "   "]], "ld", lng);
      expect(refused.status).toBe(400);
      const html = decodeHtml(await renderedAfterPost(reversePage.default, (await open(levy.id, "ld", lng)).data, refused.data, lng));
      expect(errorSummaryTargets(html)).toEqual(["reverse-reason"]);
      expect(hasElementWithId(html, "reverse-reason")).toBe(true);
      expect(html.match(new RegExp(message, "g"))).toHaveLength(2);
    }
    expect(await reversalsOf([levy.id])).toEqual([]);
  });

  it("for a top-up or a reversal on its own, or an entry not on the ledger", async () => {
    expect((await record({ kind: "levy", amount: "2,000" })).status).toBe(303);
    const levy = await newest("levy");
    const topUp = await newest("top_up");
    expect((await confirmation(topUp.id)).data.view).toBe("notReversible");
    expect((await confirmation(topUp.id)).form).toBeUndefined();
    const refused = await send(topUp.id, [["reason", "On its own."]]);
    expect(refused.status).toBe(409);
    expect((refused.data as { detail: string }).detail).toBe("This entry cannot be reversed: a top-up is reversed with its levy, and a reversal cannot itself be reversed");

    expectReversed(await reverseWithReason(levy.id, "Wrong month."));
    const [reversal] = await reversalsOf([levy.id]);
    expect((await confirmation(reversal.id)).data.view).toBe("notReversible");
    expect((await send(reversal.id, [["reason", "Undo the undo."]])).status).toBe(409);
    expect(await reversalsOf([reversal.id])).toEqual([]);

    expect((await open(999_999)).status).toBe(404);
    expect((await open(0)).status).toBe(404);
    expect((await send(999_999, [["reason", "Nothing."]])).status).toBe(404);
  });

  it("for anyone but L&D, and on the page in Welsh", async () => {
    const levy = await newest("levy");
    expect((await open(levy.id, "practitioner")).status).toBe(403);
    expect((await send(levy.id, [["reason", "Not mine to do."]], "manager")).status).toBe(403);
    expect(((await open(levy.id, "ld", "cy")).data as ReversePage).title).toBe("Cywiro cofnod yn y cyfriflyfr");
  });
});

describe("a payment typed wrongly", () => {
  it("reversed, is no longer counted against the apprentice's funding band cap", async () => {
    const [apprentice] = await apprentices();
    // Money enough in, then the apprentice paid up to the cap.
    expect((await record({ kind: "levy", amount: (CAP / 100).toFixed(2) })).status).toBe(303);
    const paid = Number((await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.sum<number>("amount_pence").as("paid")).where("kind", "=", "payment").where("person_id", "=", apprentice.personId).executeTakeFirstOrThrow()).paid ?? 0);
    const left = CAP - paid;
    expect(left).toBeGreaterThan(0);
    expect((await record({ kind: "payment", amount: (left / 100).toFixed(2), person: String(apprentice.personId) })).status).toBe(303);
    const overCap = await record({ kind: "payment", amount: "100", person: String(apprentice.personId) });
    expect((overCap.data as { reply: { error: Record<string, string[]> } }).reply.error).toEqual({ amount: ["funding.errors.overCap"] });

    const payment = await newest("payment");
    expectReversed(await reverseWithReason(payment.id, "Paid for the wrong apprentice."));
    expect((await record({ kind: "payment", amount: "100", person: String(apprentice.personId) })).status).toBe(303);
  });
});

describe("money in that payments were paid from", () => {
  it("is not reversed while they would go unpaid, saying how much, and is once the right levy is recorded", async () => {
    // An account of its own: £1,000 of levy (and its £100 top-up), £600 of it paid out the next day.
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    const [apprentice] = await apprentices();
    const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect((await record({ kind: "levy", amount: "1,000", occurredOn: yesterday })).status).toBe(303);
    expect((await record({ kind: "payment", amount: "600", person: String(apprentice.personId) })).status).toBe(303);
    const levy = await newest("levy");
    const byDay = await ledgerByDay();

    const { form } = await confirmation(levy.id);
    const fields: [string, string][] = [...form.fields.filter(([name]) => name !== "reason"), ["reason", "Typed the wrong amount."]];
    const refused = await send(levy.id, fields);
    expect(refused.status).toBe(409);
    expect((refused.data as { detail: string }).detail).toBe(
      "This money in cannot be reversed: payments and transfers already recorded were paid from it, and £600.00 of them would be left without money to cover them. Record the correct amount first, or reverse those payments or transfers first",
    );
    const html = decodeHtml(await renderedAfterPost(reversePage.default, (await open(levy.id)).data, refused.data));
    expect(html).toContain("£600.00 of them would be left without money to cover them");
    expect(await reversalsOf([levy.id])).toEqual([]);
    expect(await ledgerByDay()).toEqual(byDay);

    // The right levy recorded first, the same form (its token let go with the refusal) reverses the wrong one.
    expect((await record({ kind: "levy", amount: "600", occurredOn: yesterday })).status).toBe(303);
    expectReversed(await send(levy.id, fields));
    expect(await reversalsOf([levy.id])).toHaveLength(1);
  });
});
