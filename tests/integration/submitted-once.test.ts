// A form that adds a record each time it is saved carries a one-time token: the same form sent twice (a
// double click, a resend) adds its record once and answers both sends as saved; a new drawing of the page
// adds another.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import * as myCpd from "../../app/routes/me.cpd._index";
import { claimFormToken } from "../../app/services/submitted-forms.server";
import { londonToday } from "../../app/utils/london-time";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

beforeAll(seedDemo);

const entryFields = (title: string) => ({ title, occurredOn: londonToday(), hours: "1.5", learning: "What I learnt", practiceImpact: "What I will change", peerReflection: "yes" });
const drawnToken = async () => ((await run(myCpd.loader, await requestAs("practitioner", "/me/cpd"))).data as { formToken: string }).formToken;
const send = async (fields: Record<string, string>) => run(myCpd.action, await requestAs("practitioner", "/me/cpd", { method: "POST", body: new URLSearchParams(fields) }));
const entriesTitled = async (title: string) => db().selectFrom("cpd_entries").select("id").where("person_id", "=", await personIdOf("practitioner")).where("title", "=", title).execute();

describe("adding a CPD entry", () => {
  it("adds it once when the same form is sent twice, one after the other, and answers both as saved", async () => {
    const formToken = await drawnToken();
    for (let send_ = 0; send_ < 2; send_++) {
      const answer = await send({ ...entryFields("Sent twice"), formToken });
      expect(answer.status).toBe(302);
      expect(answer.headers.get("Location")).toContain("saved=added");
    }
    expect(await entriesTitled("Sent twice")).toHaveLength(1);
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "cpd_entry.added").where("subject_id", "in", (await entriesTitled("Sent twice")).map((e) => String(e.id))).execute()).toHaveLength(1);
  });

  it("adds it once when the same form is sent twice at the same moment", async () => {
    const formToken = await drawnToken();
    const answers = await Promise.all([send({ ...entryFields("Sent at once"), formToken }), send({ ...entryFields("Sent at once"), formToken })]);
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    expect(await entriesTitled("Sent at once")).toHaveLength(1);
  });

  it("adds another from a new drawing of the page, the same entry written again on purpose", async () => {
    await send({ ...entryFields("Written twice"), formToken: await drawnToken() });
    await send({ ...entryFields("Written twice"), formToken: await drawnToken() });
    expect(await entriesTitled("Written twice")).toHaveLength(2);
  });

  it("keeps no token of a form refused at its fields, so the corrected form saves", async () => {
    const formToken = await drawnToken();
    expect((await send({ ...entryFields(""), formToken })).status).toBe(400);
    expect((await send({ ...entryFields("Corrected"), formToken })).status).toBe(302);
    expect(await entriesTitled("Corrected")).toHaveLength(1);
  });

  it("takes a form without a token, or with one that cannot be a token, as before tokens", async () => {
    expect((await send(entryFields("No token"))).status).toBe(302);
    expect((await send({ ...entryFields("Odd token"), formToken: "x".repeat(5_000) })).status).toBe(302);
    expect([(await entriesTitled("No token")).length, (await entriesTitled("Odd token")).length]).toEqual([1, 1]);
  });

  it("draws a new token with every page", async () => {
    const [first, second] = [await drawnToken(), await drawnToken()];
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
  });
});

describe("the tokens kept", () => {
  it("are forgotten after a week, as new ones arrive", async () => {
    const [old, recent] = [randomUUID(), randomUUID()];
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    await db().transaction().execute((trx) => claimFormToken(trx, old, daysAgo(8)));
    await db().transaction().execute((trx) => claimFormToken(trx, recent, daysAgo(6)));
    await db().transaction().execute((trx) => claimFormToken(trx, randomUUID()));
    const kept = (await db().selectFrom("submitted_forms").select("token").where("token", "in", [old, recent]).execute()).map((r) => r.token);
    expect(kept).toEqual([recent]);
  });
});
