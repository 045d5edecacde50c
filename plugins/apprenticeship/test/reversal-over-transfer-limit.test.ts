// Transfers to other employers are limited to a share of the money in over any twelve months, and each was
// checked against that limit, money in counted, when it was recorded. Money in reversed is no longer counted,
// so its reversal is refused while transfers already recorded would go over the limit without it, saying by
// how much, in English and Welsh; the account, the ledger and the audit log are left as they were. Money in
// that no transfer's twelve months take in is reversed as before. Through the real correction page and the
// funding page's action, on a migrated database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { decodeHtml, postForms } from "../../../tests/support/html-forms";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run, type Outcome } from "../../../tests/support/route";
import { DEFAULT_SETTINGS, PLUGIN_ID } from "../programme";
import * as funding from "../routes/funding";
import * as reversePage from "../routes/funding.$entryId.reverse";
import { apprenticeshipDb } from "../server/db.server";
import { ledgerByDay } from "../server/ledger.server";

beforeAll(seedDemo);

const FUNDING = `/programmes/${PLUGIN_ID}/funding`;
const reversePath = (id: number) => `${FUNDING}/${id}/reverse`;

type Refusal = { detail: string };

/** An entry recorded through /funding's form, as L&D send it; answers the new entry's id. */
async function record(fields: Record<string, string>) {
  const answer = await run(funding.action, await requestAs("ld", FUNDING, { method: "POST", body: new URLSearchParams(fields) }));
  expect(answer.status).toBe(303);
  const newest = await apprenticeshipDb().selectFrom("apprenticeship_ledger").select("id").where("kind", "=", fields.kind as "levy").orderBy("id", "desc").executeTakeFirstOrThrow();
  return newest.id;
}
const levy = (occurredOn: string, amount: string) => record({ kind: "levy", occurredOn, amount });
const transfer = (occurredOn: string, amount: string) => record({ kind: "transfer", occurredOn, amount, counterparty: "Oakfield Care Partnership" });

/** The correction page's form, as the server renders it, with this reason typed: what a browser without JavaScript sends. */
async function reversalForm(id: number, reason: string): Promise<[string, string][]> {
  const shown = await run(reversePage.loader, await requestAs("ld", reversePath(id)), { entryId: String(id) });
  const html = decodeHtml(await renderedAfterPost(reversePage.default, shown.data, null));
  const [form] = postForms(html, `http://localhost${reversePath(id)}`);
  return [...form.fields.filter(([name]) => name !== "reason"), ["reason", reason]];
}
const send = async (id: number, fields: [string, string][], lng = "en-GB") => run(reversePage.action, await requestAs("ld", `${reversePath(id)}?lng=${lng}`, { method: "POST", body: new URLSearchParams(fields) }), { entryId: String(id) });

const reversalsOf = (id: number) => db().selectFrom("apprenticeship_ledger" as never).select("id" as never).where("reverses_id" as never, "=", id as never).execute();
const reversedEvents = (id: number) => db().selectFrom("audit_events").select("id").where("action", "=", "apprenticeship.ledger.reversed").where("subject_id", "=", String(id)).execute();
const expectReversed = (answer: Outcome) => {
  expect(answer.status).toBe(303);
  expect(answer.headers.get("Location")).toBe(`${FUNDING}?saved=reversed`);
};

describe("money in that transfers were allowed against", () => {
  it("is not reversed while transfers would go over the limit without it, saying by how much, and is once the right levy is recorded", async () => {
    // An account of its own, in a year the demo's ledger does not reach: January's £10,000 of levy recorded
    // twice by mistake (£22,000 in with the top-ups, half of it may be transferred), then £8,000 transferred.
    expect(DEFAULT_SETTINGS).toMatchObject({ topUpPercent: 10, transferPercent: 50 });
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    await levy("2015-01-15", "10,000");
    const twice = await levy("2015-01-15", "10,000");
    await transfer("2015-06-01", "8,000");
    const byDay = await ledgerByDay();

    // Without the second levy £11,000 came in, so £5,500 may be transferred: £8,000 is £2,500 over. The
    // account itself would still cover the transfer, so this is the only reason to refuse.
    const fields = await reversalForm(twice, "Recorded twice.");
    const refused = await send(twice, fields);
    expect(refused.status).toBe(409);
    const message = "This money in cannot be reversed: without it, transfers already recorded would be £2,500.00 more than can be transferred over 12 months. Record the correct amount first, or reverse those transfers first";
    expect((refused.data as Refusal).detail).toBe(message);
    const inWelsh = await send(twice, fields, "cy");
    expect((inWelsh.data as Refusal).detail).toBe(
      "Ni ellir gwrthdroi'r arian hwn a dalwyd i mewn: hebddo, byddai trosglwyddiadau sydd eisoes wedi'u cofnodi £2,500.00 yn fwy na'r hyn y gellir ei drosglwyddo dros 12 mis. Cofnodwch y swm cywir yn gyntaf, neu gwrthdrowch y trosglwyddiadau hynny yn gyntaf",
    );
    // Said in the error summary at the top of the page, the reason typed kept in its field.
    const shown = await run(reversePage.loader, await requestAs("ld", reversePath(twice)), { entryId: String(twice) });
    const html = decodeHtml(await renderedAfterPost(reversePage.default, shown.data, refused.data));
    const summary = html.slice(html.indexOf('class="govuk-error-summary"'), html.indexOf("<h1"));
    expect(summary).toContain(message);
    expect(html).toContain("Recorded twice.");
    expect(await ledgerByDay()).toEqual(byDay);
    expect(await reversalsOf(twice)).toEqual([]);
    expect(await reversedEvents(twice)).toEqual([]);

    // February's £5,000 recorded (£16,500 in without the second January levy, £8,250 may go out), the same
    // form, its token let go with the refusal, reverses it.
    await levy("2015-02-15", "5,000");
    expectReversed(await send(twice, fields));
    expect(await reversalsOf(twice)).toHaveLength(1);
    expect(await reversedEvents(twice)).toHaveLength(1);
  });

  it("is checked against every transfer whose twelve months take it in, on its own day too, and no other", async () => {
    await apprenticeshipDb().deleteFrom("apprenticeship_ledger").execute();
    // £1,100 in February 2016, £4,400 in December, and £4,400 on 1 March 2017 with £3,000 transferred that day.
    const february = await levy("2016-02-01", "1,000");
    await levy("2016-12-01", "4,000");
    const march = await levy("2017-03-01", "4,000");
    await transfer("2017-03-01", "3,000");
    const later = await levy("2017-06-01", "1,000");

    // The transfer's twelve months, to its own day, take March's money in: without it £2,200 may go out, £800 too little.
    const refused = await send(march, await reversalForm(march, "Wrong month."));
    expect(refused.status).toBe(409);
    expect((refused.data as Refusal).detail).toContain("would be £800.00 more than can be transferred over 12 months");
    expect(await reversalsOf(march)).toEqual([]);

    // Money in more than twelve months before the transfer, or after it, was never counted for it.
    expectReversed(await send(february, await reversalForm(february, "Wrong year.")));
    expectReversed(await send(later, await reversalForm(later, "Not paid in after all.")));
  });
});
