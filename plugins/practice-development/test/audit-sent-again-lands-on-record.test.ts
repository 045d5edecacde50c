// A new audit's form sent twice (a double click, a resend) records one audit, and the second send lands on
// it as the first did, not on the audits list: the form's one-time token keeps the id of the audit its first
// send recorded, in the transaction that claimed the token, so the audit is found by that id, not by the
// form's values, which two audits recorded alike on purpose share. When the first send kept no id (a token
// claimed before ids were kept), or its audit is gone, the second lands on the list as before.
import { beforeAll, describe, expect, it } from "vitest";
import { newFormToken } from "../../../app/services/submitted-forms.server";
import { db } from "../../../app/utils/db.server";
import { requestAs } from "../../../tests/support/fixtures";
import { run, type Outcome } from "../../../tests/support/route";
import * as newAudit from "../routes/audits.new";
import { auditDb } from "../server/audits/db.server";
import { BASE, inDays, post, seedWithSampleTeams } from "./audit-requests";

const path = `${BASE}/audits/new`;
let teamA = 0;

beforeAll(async () => {
  ({ teamA } = await seedWithSampleTeams());
});

const fields = (title: string, formToken = newFormToken()) => ({ theme: "assessments", title, heldOn: inDays(-2), summary: "Sampled eight records.", teams: [String(teamA)], formToken });
const send = async (sent: Record<string, string | string[]>) => {
  const answer: Outcome = await run(newAudit.action, await requestAs("ld", path, post(sent)));
  expect(answer.status, JSON.stringify(answer.data)).toBe(302);
  return answer.headers.get("Location");
};
const auditsTitled = async (title: string) => (await auditDb().selectFrom("practice_development_audits").select("id").where("title", "=", title).orderBy("id").execute()).map((r) => r.id);
const landing = (id: number) => `${BASE}/audits/${id}?saved=audit`;

describe("a new audit's form sent again", () => {
  it("records one audit, and both sends land on it", async () => {
    const sent = fields("Audit sent twice");
    const both = [await send(sent), await send(sent)];
    const made = await auditsTitled("Audit sent twice");
    expect(made).toHaveLength(1);
    expect(both).toEqual([landing(made[0]), landing(made[0])]);
  });

  it("sent twice at the same moment, records one audit, and both sends land on it", async () => {
    const sent = fields("Audit sent at once");
    const both = await Promise.all([send(sent), send(sent)]);
    const made = await auditsTitled("Audit sent at once");
    expect(made).toHaveLength(1);
    expect(both).toEqual([landing(made[0]), landing(made[0])]);
  });

  it("after another form recorded one alike, lands on the one its own first send recorded", async () => {
    const firstForm = newFormToken();
    await send(fields("Audit recorded alike", firstForm));
    await send(fields("Audit recorded alike"));
    const [own, other] = await auditsTitled("Audit recorded alike");
    expect(other).toBeGreaterThan(own);
    expect(await send(fields("Audit recorded alike", firstForm))).toBe(landing(own));
    expect(await auditsTitled("Audit recorded alike")).toHaveLength(2);
  });

  it("lands on the list when its first send kept no id", async () => {
    const sent = fields("Audit that kept no id");
    await send(sent);
    // As a token claimed before ids were kept (core migration 0028).
    await db().updateTable("submitted_forms").set({ made_id: null }).where("token", "=", sent.formToken).execute();
    expect(await send(sent)).toBe(`${BASE}/audits`);
    expect(await auditsTitled("Audit that kept no id")).toHaveLength(1);
  });

  it("lands on the list when the audit its first send recorded is gone", async () => {
    const sent = fields("Audit gone since");
    await send(sent);
    const [made] = await auditsTitled("Audit gone since");
    await auditDb().deleteFrom("practice_development_audit_sample").where("audit_id", "=", made).execute();
    await auditDb().deleteFrom("practice_development_audits").where("id", "=", made).execute();
    expect(await send(sent)).toBe(`${BASE}/audits`);
    expect(await auditsTitled("Audit gone since")).toHaveLength(0);
  });
});
