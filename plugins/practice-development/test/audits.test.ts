// Audits and their findings, through the real loaders and actions on a migrated, seeded database: who
// may use the audit pages, recording an audit with its sample and a finding with its frameworks, and the
// errors for what people type. Learning actions have their own file (learning-actions.test.ts), and what
// changed since the previous audit its own (audit-changes.test.ts).
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { requestAs } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import * as auditsPage from "../routes/audits";
import * as openActionsPage from "../routes/audits.actions";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, findingRequest, inDays, post, seedWithSampleTeams, type Errors } from "./audit-requests";

let teamA: number;
let teamB: number;
let teamOutside: number;

beforeAll(async () => {
  ({ teamA, teamB, teamOutside } = await seedWithSampleTeams());
});

describe("who may use the audit pages", () => {
  it("refuses practitioners and managers, in loaders and actions, and sends the signed-out to sign in", async () => {
    const audit = await createAudit();
    const finding = await addFinding(audit);
    const params = { auditId: String(audit), findingId: String(finding) };
    for (const who of ["practitioner", "asye", "manager", "serviceManager"] as const) {
      for (const [handler, path] of [
        [auditsPage.loader, `${BASE}/audits`],
        [openActionsPage.loader, `${BASE}/audits/actions`],
        [newAudit.loader, `${BASE}/audits/new`],
        [auditPage.loader, `${BASE}/audits/${audit}`],
        [findingPage.loader, `${BASE}/audits/${audit}/findings/${finding}`],
      ] as const) {
        expect((await run(handler, await requestAs(who, path), params)).status, `${who} ${path}`).toBe(403);
      }
      expect((await run(newAudit.action, await requestAs(who, `${BASE}/audits/new`, post({ theme: "supervision" })))).status).toBe(403);
      expect((await run(auditPage.action, await requestAs(who, `${BASE}/audits/${audit}`, post({ rating: "good" })), params)).status).toBe(403);
      expect((await run(findingPage.action, await findingRequest(audit, finding, { intent: "close", action: "1", note: "x" }, who), params)).status).toBe(403);
    }
    expect((await run(auditsPage.loader, await requestAs(null, `${BASE}/audits`))).status).toBe(302);
    for (const who of ["ld", "admin"] as const) expect((await run(auditsPage.loader, await requestAs(who, `${BASE}/audits`))).status).toBe(200);
  });

  it("answers 404 for an unknown audit or a finding of another audit", async () => {
    const audit = await createAudit();
    const other = await createAudit();
    const finding = await addFinding(other);
    expect((await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/999999`), { auditId: "999999" })).status).toBe(404);
    expect((await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/abc`), { auditId: "abc" })).status).toBe(404);
    expect((await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), { auditId: String(audit), findingId: String(finding) })).status).toBe(404);
    expect((await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise" }), { auditId: String(audit), findingId: String(finding) })).status).toBe(404);
  });
});

describe("recording an audit and its findings", () => {
  it("shows every error at once, for nothing filled in and for tampered or impossible answers", async () => {
    const empty = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({})));
    expect(empty.status).toBe(400);
    expect((empty.data as Errors).errors).toEqual({ theme: "audits.errors.theme", title: "audits.errors.titleRequired", heldOn: "audits.errors.heldOnRequired", summary: "audits.errors.summaryRequired", localities: "audits.errors.sampleRequired" });
    for (const [fields, field, message] of [
      [{ theme: "nonsense" }, "theme", "audits.errors.theme"],
      [{ heldOn: "2025-02-30" }, "heldOn", "errors.date"],
      [{ heldOn: inDays(3) }, "heldOn", "audits.errors.heldOnFuture"],
      [{ teams: ["abc"] }, "teams", "audits.errors.sample"],
      [{ teams: ["999999"] }, "teams", "audits.errors.sample"],
      [{ localities: [String(teamA)] }, "localities", "audits.errors.sample"],
      [{ title: "x".repeat(201) }, "title", "audits.errors.titleTooLong"],
      [{ summary: "x".repeat(4001) }, "summary", "audits.errors.summaryTooLong"],
    ] as [Record<string, string | string[]>, string, string][]) {
      const outcome = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "T", heldOn: inDays(-1), summary: "S", teams: [String(teamA)], ...fields })));
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect((outcome.data as Errors).errors[field]).toBe(message);
    }
  });

  it("takes an audit held today in London just after midnight in summer time, not tomorrow", async () => {
    // 23:30 UTC on 1 July is 00:30 on 2 July in London, when UTC's date is still the 1st.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      const held = async (heldOn: string) => run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Held today", heldOn, summary: "S", teams: [String(teamA)] })));
      const tomorrow = await held("2026-07-03");
      expect(tomorrow.status).toBe(400);
      expect((tomorrow.data as Errors).errors.heldOn).toBe("audits.errors.heldOnFuture");
      expect((await held("2026-07-02")).status).toBe(302);
    } finally {
      vi.useRealTimers();
    }
  });

  it("records an audit with its sample, audited, and lists it newest first", async () => {
    const before = await db().selectFrom("audit_events").select("id").where("action", "=", "practice-development.audit.created").execute();
    const locality = (await db().selectFrom("org_units").select(["id", "parent_id"]).where("id", "=", teamOutside).executeTakeFirstOrThrow()).parent_id!;
    const audit = await createAudit({ title: "Newest audit", heldOn: inDays(0), teams: [String(teamA)], localities: [String(locality)] });
    const after = await db().selectFrom("audit_events").select("id").where("action", "=", "practice-development.audit.created").execute();
    expect(after.length).toBe(before.length + 1);
    const page = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${audit}`), { auditId: String(audit) })).data as { sample: string[]; teams: { id: number }[] };
    expect(page.sample.length).toBe(2);
    // The sample's teams: the one ticked and every team under the locality ticked.
    const under = await db().selectFrom("org_units").select("id").where("kind", "=", "team").where("parent_id", "=", locality).execute();
    expect(page.teams.map((t) => t.id).sort()).toEqual([...new Set([teamA, ...under.map((u) => u.id)])].sort());
    const list = (await run(auditsPage.loader, await requestAs("ld", `${BASE}/audits?page=nonsense`))).data as { audits: { id: number; title: string }[] };
    expect(list.audits[0]).toMatchObject({ id: audit, title: "Newest audit" });
  });

  it("counts each sampled team once before the 500-unit limit, so a sample that repeats two teams past it is those two", async () => {
    const repeated = Array.from({ length: 251 }, () => [String(teamA), `0${teamB}`]).flat();
    expect(repeated.length).toBeGreaterThan(500);
    const audit = await createAudit({ title: "Teams repeated", teams: repeated });
    const sample = await auditDb().selectFrom("practice_development_audit_sample").select("org_unit_id").where("audit_id", "=", audit).orderBy("org_unit_id").execute();
    expect(sample.map((s) => s.org_unit_id)).toEqual([teamA, teamB].sort((x, y) => x - y));
  });

  it("checks findings: a rating, an area, the frameworks touched, a team of the sample only", async () => {
    const audit = await createAudit();
    const params = { auditId: String(audit) };
    const empty = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({})), params);
    expect(empty.status).toBe(400);
    expect((empty.data as Errors).errors).toEqual({ rating: "audits.errors.rating", practiceArea: "audits.errors.areaRequired", pcf: "audits.errors.framework" });
    for (const [fields, field, message] of [
      [{ kss: "kss-practitioner:6, naas:1" }, "kss", "audits.errors.kss"],
      [{ kss: "kss-manager:3" }, "kss", "audits.errors.kss"],
      [{ kss: "kss-practitioner:123" }, "kss", "audits.errors.kss"],
      [{ pcf: "not-a-domain" }, "pcf", "audits.errors.pcf"],
      [{ team: String(teamOutside) }, "team", "audits.errors.team"],
      [{ team: "'; drop table people; --" }, "team", "audits.errors.team"],
      [{ practiceArea: "x".repeat(121) }, "practiceArea", "audits.errors.areaTooLong"],
      [{ note: "x".repeat(2001) }, "note", "audits.errors.noteTooLong"],
    ] as [Record<string, string | string[]>, string, string][]) {
      const outcome = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Area", pcf: "knowledge", ...fields })), params);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect((outcome.data as Errors).errors[field]).toBe(message);
    }
    // KSS alone is enough, and is stored tidied.
    const finding = await addFinding(audit, { pcf: [], kss: " KSS-Practitioner:6;kss-supervisor:3 kss-practitioner:6", team: String(teamB), note: "Chronologies rarely updated." });
    const refs = await auditDb().selectFrom("practice_development_finding_refs").select(["kind", "ref"]).where("finding_id", "=", finding).orderBy("ref").execute();
    expect(refs).toEqual([{ kind: "kss", ref: "kss-practitioner:6" }, { kind: "kss", ref: "kss-supervisor:3" }]);
    const stored = await auditDb().selectFrom("practice_development_audit_findings").selectAll().where("id", "=", finding).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ team_id: teamB, rating: "requires_improvement", note: "Chronologies rarely updated." });
    // No person fields: the table has none beyond who recorded it.
    expect(Object.keys(stored).filter((k) => /person|name|case|child/.test(k))).toEqual([]);
  });
});

describe("KSS statements that do not exist", () => {
  // REFERENCE.md section 2: ten practitioner statements and eight practice supervisor statements.
  it("are refused beside the field and in the error summary, in en-GB and cy, keeping what was typed and storing nothing", async () => {
    const audit = await createAudit({ title: "KSS numbers" });
    const params = { auditId: String(audit) };
    const shown = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${audit}`), params)).data;
    const findings = async () => Number((await auditDb().selectFrom("practice_development_audit_findings").select((eb) => eb.fn.countAll<number>().as("n")).where("audit_id", "=", audit).executeTakeFirstOrThrow()).n);
    for (const typed of ["kss-practitioner:11", "kss-practitioner:99", "kss-supervisor:9", "kss-supervisor:99", "kss-practitioner:6, kss-supervisor:9"]) {
      const refused = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "good", practiceArea: "Area", kss: typed })), params);
      expect(refused.status, typed).toBe(400);
      expect((refused.data as Errors).errors, typed).toEqual({ kss: "audits.errors.kssUnknown" });
      expect((refused.data as { values: Record<string, string> }).values.kss).toBe(typed);
      for (const locale of ["en-GB", "cy"] as const) {
        const html = decodeHtml(await renderedAfterPost(auditPage.default, shown, refused.data, locale));
        const message = fixedT(locale, "practice-development")("audits.errors.kssUnknown");
        expect(message).not.toBe("audits.errors.kssUnknown");
        expect(errorSummaryTargets(html)).toEqual(["kss"]);
        const besideField = html.slice(html.indexOf('id="kss-error"')).split("</p>")[0];
        expect(besideField).toContain(message);
        expect(html.split(message)).toHaveLength(3);
        expect(html).toContain(`value="${typed}"`);
      }
    }
    expect(await findings()).toBe(0);
    // The last of each is a statement, and is accepted.
    await addFinding(audit, { pcf: [], kss: "kss-practitioner:10, kss-supervisor:8, kss-practitioner:1" });
    expect(await findings()).toBe(1);
  });
});
