// Evidence is added once for each drawing of its form: a second click, or the same form sent again, finds
// its one-time token claimed and stores nothing twice, answering as the first send did. A refused form
// keeps its token, so the corrected form still saves. Through the real loader and action.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FORM_TOKEN_FIELD } from "../../../app/utils/form-token";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { naasDb } from "../server/db.server";
import { form, startAfresh, statementIds } from "./support";

beforeAll(seedDemo);

let alex: number;
let statementId: number;
let auditBefore: number;

beforeEach(async () => {
  alex = await personIdOf("practitioner");
  auditBefore = await startAfresh(alex);
  [statementId] = await statementIds("kss-practitioner");
});

const route = () => import("../routes/statements.$statementId");
const path = () => `/programmes/naas/statements/${statementId}`;
const params = () => ({ statementId: String(statementId) });
const drawnToken = async () => ((await run((await route()).loader, await requestAs("practitioner", path()), params())).data as { formToken: string }).formToken;
const send = async (fields: Record<string, string>) => run((await route()).action, await requestAs("practitioner", path(), form(fields)), params());
const evidenceRows = () => naasDb().selectFrom("naas_evidence").select("id").where("person_id", "=", alex).execute();
const evidenceEvents = () => naasDb().selectFrom("audit_events").select("id").where("person_id", "=", alex).where("id", ">", auditBefore).where("action", "=", "naas.evidence.added").execute();

describe("the same evidence form sent twice", () => {
  it("stores one piece of evidence and one audit event, answering both sends as saved", async () => {
    const fields = { intent: "evidence", occurredOn: "2026-01-10", kind: "case_work", reflection: "Planned a visit with the family.", [FORM_TOKEN_FIELD]: await drawnToken() };
    const first = await send(fields);
    const second = await send(fields);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await evidenceRows()).toHaveLength(1);
    expect(await evidenceEvents()).toHaveLength(1);
  });

  it("keeps its token through a refusal, so the corrected form saves once", async () => {
    const token = await drawnToken();
    const refused = await send({ intent: "evidence", occurredOn: "2026-01-10", kind: "case_work", reflection: " ", [FORM_TOKEN_FIELD]: token });
    expect(refused.status).toBe(400);
    expect(await evidenceRows()).toHaveLength(0);
    const corrected = { intent: "evidence", occurredOn: "2026-01-10", kind: "case_work", reflection: "Planned a visit with the family.", [FORM_TOKEN_FIELD]: token };
    expect((await send(corrected)).status).toBe(303);
    expect((await send(corrected)).status).toBe(303);
    expect(await evidenceRows()).toHaveLength(1);
    expect(await evidenceEvents()).toHaveLength(1);
  });

  it("is a new form each time the page is drawn: evidence added again on a fresh page is stored again", async () => {
    const fields = { intent: "evidence", occurredOn: "2026-01-10", kind: "case_work", reflection: "Planned a visit with the family." };
    await send({ ...fields, [FORM_TOKEN_FIELD]: await drawnToken() });
    await send({ ...fields, [FORM_TOKEN_FIELD]: await drawnToken() });
    expect(await evidenceRows()).toHaveLength(2);
  });
});
