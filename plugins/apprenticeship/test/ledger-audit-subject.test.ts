// Each levy ledger entry's audit event is about the entry's own row, by its id. The events named the
// entry's date instead, so two entries made on one day (two payments for one apprentice, say) could not be
// told apart in the audit log. The date stays in the event's `after`, with the rows written and their ids.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../../../app/utils/db.server";
import { londonToday } from "../../../app/utils/london-time";
import { requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { PLUGIN_ID } from "../programme";
import * as funding from "../routes/funding";
import { apprenticeshipDb } from "../server/db.server";
import { apprentices } from "../server/progress.server";

beforeAll(seedDemo);

const today = londonToday();
const path = `/programmes/${PLUGIN_ID}/funding`;

/** An entry sent on /funding's form by L&D, as the page sends it. */
async function send(fields: Record<string, string>) {
  const answer = await run(funding.action, await requestAs("ld", path, { method: "POST", body: new URLSearchParams({ occurredOn: today, ...fields }) }));
  expect(answer.status).toBe(303);
}

/** The ledger's rows added after row `sinceId`, oldest first. */
const rowsAfter = (sinceId: number) => apprenticeshipDb().selectFrom("apprenticeship_ledger").select(["id", "kind", "amount_pence", "occurred_on"]).where("id", ">", sinceId).orderBy("id").execute();

const lastRowId = async () => Number((await apprenticeshipDb().selectFrom("apprenticeship_ledger").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);

/** The ledger's audit events of this kind written after event `sinceId`, with their after read back. */
async function ledgerEvents(kind: "levy" | "payment", sinceId: number) {
  const rows = await db().selectFrom("audit_events").select(["id", "subject_type", "subject_id", "after_json"]).where("action", "=", `apprenticeship.ledger.${kind}`).where("id", ">", sinceId).orderBy("id").execute();
  return rows.map((row) => ({ subjectType: row.subject_type, subjectId: row.subject_id, after: JSON.parse(row.after_json!) as { id: number; kind: string; occurred_on: string }[] }));
}

const lastEventId = async () => Number((await db().selectFrom("audit_events").select((eb) => eb.fn.max("id").as("id")).executeTakeFirstOrThrow()).id ?? 0);

describe("a levy ledger entry's audit event", () => {
  it("names the entry's own row, so two payments on one day are told apart", async () => {
    const [apprentice] = await apprentices();
    const [rowsSince, eventsSince] = [await lastRowId(), await lastEventId()];
    await send({ kind: "payment", amount: "10.00", person: String(apprentice.personId) });
    await send({ kind: "payment", amount: "10.00", person: String(apprentice.personId) });
    const payments = await rowsAfter(rowsSince);
    expect(payments.map((p) => [p.kind, p.amount_pence, p.occurred_on])).toEqual([["payment", 1000, today], ["payment", 1000, today]]);
    const events = await ledgerEvents("payment", eventsSince);
    expect(events.map((e) => [e.subjectType, e.subjectId])).toEqual(payments.map((p) => ["apprenticeship_ledger", String(p.id)]));
    // The date is still there to read, in what was written.
    expect(events.map((e) => e.after)).toEqual(payments.map((p) => [expect.objectContaining({ id: p.id, kind: "payment", occurred_on: today })]));
  });

  it("names the levy's row for levy paid in, with its top-up and both ids in what was written", async () => {
    const [rowsSince, eventsSince] = [await lastRowId(), await lastEventId()];
    await send({ kind: "levy", amount: "500.00" });
    const [levy, topUp] = await rowsAfter(rowsSince);
    expect([levy.kind, topUp.kind]).toEqual(["levy", "top_up"]);
    const [event] = await ledgerEvents("levy", eventsSince);
    expect(event.subjectId).toBe(String(levy.id));
    expect(event.after).toEqual([expect.objectContaining({ id: levy.id, kind: "levy", occurred_on: today }), expect.objectContaining({ id: topUp.id, kind: "top_up", occurred_on: today })]);
  });
});
