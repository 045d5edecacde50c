// Audit findings become learning, through the real loaders and actions on a migrated, seeded database:
// an audit, its findings, a learning action of each kind (an existing or new briefing rollout, places on
// an upcoming cohort for some of the sample's teams, a Research in Practice course from the core's
// catalogue) and their closure; errors for what people type; what changed since the previous audit of
// the same theme, against hand-worked expectations; and who may do what.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { searchCatalogue } from "../../../app/services/catalogue.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { setPluginEnabled } from "../../../app/services/programmes.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../../../tests/support/fixtures";
import { decodeHtml, errorSummaryTargets } from "../../../tests/support/html-forms";
import { renderedAfterPost } from "../../../tests/support/rendered-page";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as auditsPage from "../routes/audits";
import * as openActionsPage from "../routes/audits.actions";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import * as newAudit from "../routes/audits.new";
import { compareRatings } from "../server/audits/audits.server";
import { auditMetrics } from "../server/audits/metrics.server";
import { auditDb } from "../server/audits/db.server";

const BASE = "/programmes/practice-development";
const post = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return { method: "POST", body };
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const idFrom = (location: string | null) => Number(/\/(\d+)(\?|#|$)/.exec(location?.split("?")[0] ?? "")?.[1]);
type Errors = { errors: Record<string, string> };

async function createAudit(fields: Record<string, string | string[]> = {}) {
  const outcome = await run(newAudit.action, await requestAs("ld", `${BASE}/audits/new`, post({ theme: "supervision", title: "Test audit", heldOn: inDays(-1), summary: "Sampled twelve records.", teams: [String(teamA), String(teamB)], ...fields })));
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return idFrom(outcome.headers.get("Location"));
}

async function addFinding(audit: number, fields: Record<string, string | string[]> = {}) {
  const outcome = await run(auditPage.action, await requestAs("ld", `${BASE}/audits/${audit}`, post({ rating: "requires_improvement", practiceArea: "Recording of decisions", pcf: "critical_reflection", ...fields })), { auditId: String(audit) });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return (await auditDb().selectFrom("practice_development_audit_findings").select("id").where("audit_id", "=", audit).orderBy("id", "desc").executeTakeFirstOrThrow()).id;
}

const findingRequest = (audit: number, finding: number, fields: Record<string, string | string[]>, who: DemoAccount = "ld") => requestAs(who, `${BASE}/audits/${audit}/findings/${finding}`, post(fields));
async function raise(audit: number, finding: number, fields: Record<string, string | string[]>) {
  const outcome = await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", dueOn: inDays(30), ...fields }), { auditId: String(audit), findingId: String(finding) });
  expect(outcome.status, JSON.stringify(outcome.data)).toBe(302);
  return (await auditDb().selectFrom("practice_development_audit_actions").selectAll().where("finding_id", "=", finding).orderBy("id", "desc").executeTakeFirstOrThrow());
}

type FindingData = { actions: { id: number; kind: string; status: string; course_title: string | null; closedBy: string | null; closed_note: string | null; overdue: boolean; teams: string[] }[]; courses: unknown[] };
const findingData = async (audit: number, finding: number) => {
  const outcome = await run(findingPage.loader, await requestAs("ld", `${BASE}/audits/${audit}/findings/${finding}`), { auditId: String(audit), findingId: String(finding) });
  expect(outcome.status).toBe(200);
  return outcome.data as FindingData;
};

let teamA: number;
let teamB: number;
let teamOutside: number;

beforeAll(async () => {
  await seedDemo();
  const teams = await db().selectFrom("org_units").select("id").where("kind", "=", "team").orderBy("id").execute();
  [teamA, teamB, teamOutside] = [teams[0].id, teams[1].id, teams[teams.length - 1].id];
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

describe("learning actions, to done", () => {
  it("raises each kind, refuses what does not fit, and tracks each to done", async () => {
    const audit = await createAudit();
    const finding = await addFinding(audit, { team: String(teamA) });
    const params = { auditId: String(audit), findingId: String(finding) };
    const tryRaise = async (fields: Record<string, string | string[]>) => run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", ...fields }), params);

    const empty = await tryRaise({});
    expect(empty.status).toBe(400);
    expect((empty.data as Errors).errors).toEqual({ kind: "audits.errors.kind", dueOn: "audits.errors.dueRequired" });
    const cohort = (await db().selectFrom("cohorts").select("id").where("starts_on", ">=", inDays(0)).orderBy("starts_on").executeTakeFirstOrThrow()).id;
    const past = (await db().selectFrom("cohorts").select("id").where("starts_on", "<", inDays(0)).executeTakeFirstOrThrow()).id;
    for (const [fields, field, message] of [
      [{ kind: "rollout" }, "rollout", "audits.errors.rollout"],
      [{ kind: "rollout", rollout: "new" }, "briefing", "audits.errors.briefing"],
      [{ kind: "rollout", rollout: "999999" }, "rollout", "audits.errors.rollout"],
      [{ kind: "rollout", rollout: "new", briefing: "999999" }, "briefing", "audits.errors.briefing"],
      [{ kind: "cohort", teams: [String(teamA)] }, "cohort", "audits.errors.cohort"],
      [{ kind: "cohort", cohort: String(cohort) }, "teams", "audits.errors.teams"],
      [{ kind: "cohort", cohort: String(past), teams: [String(teamA)] }, "cohort", "audits.errors.cohort"],
      [{ kind: "cohort", cohort: String(cohort), teams: [String(teamOutside)] }, "teams", "audits.errors.teams"],
      [{ kind: "course" }, "course", "audits.errors.course"],
      [{ kind: "course", course: "research-in-practice:no-such-course" }, "course", "audits.errors.course"],
      [{ kind: "course", course: "x".repeat(5000) }, "course", "audits.errors.course"],
      [{ kind: "course", course: "leadership:1" }, "course", "audits.errors.course"],
      [{ kind: "rollout", rollout: "new", briefing: "1", dueOn: inDays(-1) }, "dueOn", "audits.errors.duePast"],
    ] as [Record<string, string | string[]>, string, string][]) {
      const outcome = await tryRaise({ dueOn: inDays(30), ...fields });
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect((outcome.data as Errors).errors[field], JSON.stringify(fields)).toBe(message);
    }
    expect(await auditDb().selectFrom("practice_development_audit_actions").select("id").where("finding_id", "=", finding).execute()).toEqual([]);

    // (1) An existing rollout, and a new one aimed at the team the finding concerns.
    const existing = (await auditDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    expect(await raise(audit, finding, { kind: "rollout", rollout: String(existing) })).toMatchObject({ kind: "rollout", rollout_id: existing, status: "open" });
    const briefing = (await auditDb().selectFrom("practice_development_briefings").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const fresh = await raise(audit, finding, { kind: "rollout", rollout: "new", briefing: String(briefing), dueOn: inDays(45) });
    expect(fresh.rollout_id).not.toBe(existing);
    expect(await auditDb().selectFrom("practice_development_rollouts").select(["briefing_id", "due_on"]).where("id", "=", fresh.rollout_id!).executeTakeFirstOrThrow()).toEqual({ briefing_id: briefing, due_on: inDays(45) });
    expect(await auditDb().selectFrom("practice_development_rollout_targets").select(["kind", "value"]).where("rollout_id", "=", fresh.rollout_id!).execute()).toEqual([{ kind: "team", value: String(teamA) }]);

    // (2) Places on an upcoming cohort for two of the sample's teams.
    const places = await raise(audit, finding, { kind: "cohort", cohort: String(cohort), teams: [String(teamA), String(teamB)] });
    expect(places).toMatchObject({ kind: "cohort", cohort_id: cohort });
    expect((await auditDb().selectFrom("practice_development_audit_action_teams").select("team_id").where("action_id", "=", places.id).orderBy("team_id").execute()).map((r) => r.team_id)).toEqual([teamA, teamB].sort((a, b) => a - b));

    // (3) A Research in Practice course from the core's catalogue, its title kept.
    const [course] = await searchCatalogue("en-GB", { search: "permanence" });
    expect(course.source).toBe("research-in-practice");
    const suggested = await raise(audit, finding, { kind: "course", course: `${course.source}:${course.id}` });
    expect(suggested).toMatchObject({ kind: "course", course_source: "research-in-practice", course_id: course.id, course_title: course.title, course_href: course.href });

    const raised = await db().selectFrom("audit_events").select("subject_id").where("action", "=", "practice-development.audit.action-raised").where("subject_id", "in", [String(places.id), String(suggested.id)]).execute();
    expect(raised.length).toBe(2);

    // The open list: all four, and one made overdue is flagged.
    await auditDb().updateTable("practice_development_audit_actions").set({ due_on: inDays(-3) }).where("id", "=", places.id).execute();
    const open = (await run(auditsPage.loader, await requestAs("ld", `${BASE}/audits`))).data as { open: { id: number; overdue: boolean }[] };
    const mine = open.open.filter((a) => [places.id, suggested.id, fresh.id].includes(a.id));
    expect(mine.map((a) => [a.id, a.overdue])).toEqual(expect.arrayContaining([[places.id, true], [suggested.id, false], [fresh.id, false]]));
    expect(open.open[0].overdue).toBe(true);

    // Closing: a note is needed (the error sits by that action's note), then it is done, by whom and when.
    const close = async (action: number, note: string) => run(findingPage.action, await findingRequest(audit, finding, { intent: "close", action: String(action), note }), params);
    const noNote = await close(places.id, "   ");
    expect(noNote.status).toBe(400);
    expect((noNote.data as Errors).errors).toEqual({ [`note-${places.id}`]: "audits.errors.noteRequired" });
    const longNote = await close(places.id, "x".repeat(1001));
    expect((longNote.data as Errors).errors).toEqual({ [`note-${places.id}`]: "audits.errors.closeNoteTooLong" });
    expect((await close(999999, "Done")).status).toBe(400);
    expect((await close(places.id, "Twelve places taken up across both teams.")).status).toBe(302);
    const again = await close(places.id, "Again");
    expect(again.status).toBe(302);
    expect(again.headers.get("Location")).toBe(`${BASE}/audits/${audit}/findings/${finding}?saved=alreadyClosed`);
    const data = await findingData(audit, finding);
    const closed = data.actions.find((a) => a.id === places.id)!;
    const ld = await db().selectFrom("people").select(["given_name", "family_name"]).where("id", "=", await personIdOf("ld")).executeTakeFirstOrThrow();
    expect(closed).toMatchObject({ status: "done", overdue: false, closed_note: "Twelve places taken up across both teams.", closedBy: `${ld.given_name} ${ld.family_name}` });
    const stored = await auditDb().selectFrom("practice_development_audit_actions").selectAll().where("id", "=", places.id).executeTakeFirstOrThrow();
    expect(stored.closed_by).toBe(await personIdOf("ld"));
    expect(stored.closed_at).not.toBeNull();
    expect(await db().selectFrom("audit_events").select("id").where("action", "=", "practice-development.audit.action-closed").where("subject_id", "=", String(places.id)).execute()).toHaveLength(1);
    const openAfter = (await run(openActionsPage.loader, await requestAs("ld", `${BASE}/audits/actions`))).data as { open: { id: number }[] };
    expect(openAfter.open.map((a) => a.id)).not.toContain(places.id);
    expect(openAfter.open.map((a) => a.id)).toContain(suggested.id);

    // The figures for the metrics pack (beside the briefings' coverage): open and overdue actions,
    // for the whole service and within a scope of teams.
    await auditDb().updateTable("practice_development_audit_actions").set({ due_on: inDays(-1) }).where("id", "=", suggested.id).execute();
    const all = await auditDb().selectFrom("practice_development_audit_actions").select(["due_on"]).where("status", "=", "open").execute();
    const scope = { start: inDays(-30), end: inDays(60), current: true };
    const figures = await auditMetrics(pluginContext(plugin, "en-GB"), { ...scope, teamIds: null });
    expect(figures.find((f) => f.id === "audit-actions.open")?.value).toBe(all.length);
    expect(figures.find((f) => f.id === "audit-actions.overdue")?.value).toBe(all.filter((a) => a.due_on < inDays(0)).length);
    const outside = await auditMetrics(pluginContext(plugin, "en-GB"), { ...scope, teamIds: [teamOutside] });
    expect(outside.find((f) => f.id === "audit-actions.open")?.value).toBe(0);
  });

  it("still reads a suggested course when Research in Practice is switched off, and the page still answers", async () => {
    const audit = await createAudit();
    const finding = await addFinding(audit);
    const [course] = await searchCatalogue("en-GB", { search: "permanence" });
    await raise(audit, finding, { kind: "course", course: `${course.source}:${course.id}` });
    await setPluginEnabled("research-in-practice", false, SYSTEM_ACTOR);
    try {
      const data = await findingData(audit, finding);
      expect(data.actions[0]).toMatchObject({ kind: "course", course_title: course.title });
      expect(data.courses).toEqual([]);
      const outcome = await run(findingPage.action, await findingRequest(audit, finding, { intent: "raise", kind: "course", dueOn: inDays(10), course: `${course.source}:${course.id}` }), { auditId: String(audit), findingId: String(finding) });
      expect(outcome.status).toBe(400);
      expect((await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${audit}`), { auditId: String(audit) })).status).toBe(200);
    } finally {
      await setPluginEnabled("research-in-practice", true, SYSTEM_ACTOR);
    }
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

describe("closing a learning action twice", () => {
  const closeAs = async (who: DemoAccount, audit: number, finding: number, action: number, note: string) =>
    run(findingPage.action, await findingRequest(audit, finding, { intent: "close", action: String(action), note }, who), { auditId: String(audit), findingId: String(finding) });
  const closedEvents = async (action: number) =>
    (await db().selectFrom("audit_events").select(["actor_person_id", "after_json"]).where("action", "=", "practice-development.audit.action-closed").where("subject_id", "=", String(action)).execute()).map((e) => ({ actor: e.actor_person_id, note: JSON.parse(e.after_json!).note }));
  const storedClosure = async (action: number) => {
    const row = await auditDb().selectFrom("practice_development_audit_actions").select(["status", "closed_by", "closed_note"]).where("id", "=", action).executeTakeFirstOrThrow();
    return { status: row.status, actor: row.closed_by, note: row.closed_note };
  };
  async function openAction() {
    const audit = await createAudit({ title: "Closed twice" });
    const finding = await addFinding(audit);
    const rollout = (await auditDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const action = await raise(audit, finding, { kind: "rollout", rollout: String(rollout) });
    return { audit, finding, action: action.id };
  }

  it("a second click finds it done, says so, and keeps the first note and closer, with one audit event", async () => {
    const { audit, finding, action } = await openAction();
    const first = await closeAs("ld", audit, finding, action, "First officer's note.");
    expect(first.headers.get("Location")).toBe(`${BASE}/audits/${audit}/findings/${finding}?saved=closed`);
    const second = await closeAs("admin", audit, finding, action, "Second officer's note.");
    expect(second.status).toBe(302);
    expect(second.headers.get("Location")).toBe(`${BASE}/audits/${audit}/findings/${finding}?saved=alreadyClosed`);
    const ld = await personIdOf("ld");
    expect(await storedClosure(action)).toEqual({ status: "done", actor: ld, note: "First officer's note." });
    expect(await closedEvents(action)).toEqual([{ actor: ld, note: "First officer's note." }]);
  });

  it("two officers at once: one closes it, the other is told it was already done, and the one audit event matches the record", async () => {
    const { audit, finding, action } = await openAction();
    const outcomes = await Promise.all([closeAs("ld", audit, finding, action, "Note from L&D."), closeAs("admin", audit, finding, action, "Note from the admin.")]);
    const stored = await storedClosure(action);
    expect(stored.status).toBe("done");
    expect(await closedEvents(action)).toEqual([{ actor: stored.actor, note: stored.note }]);
    expect(outcomes.map((o) => o.headers.get("Location")?.split("?saved=")[1]).sort()).toEqual(["alreadyClosed", "closed"]);
  });

  it("still refuses an action that is not this finding's", async () => {
    const { audit, finding } = await openAction();
    const other = await openAction();
    const outcome = await closeAs("ld", audit, finding, other.action, "Wrong finding.");
    expect(outcome.status).toBe(400);
    expect((outcome.data as Errors).errors).toEqual({ form: "audits.errors.action" });
    expect((await storedClosure(other.action)).status).toBe("open");
  });
});

describe("what changed since the previous audit of the same theme", () => {
  it("compares ratings per practice area and lists the previous audit's actions with their status", async () => {
    // Assessments, 100 days ago: reflective discussion inadequate; recording of decisions requires
    // improvement in one team and good in another (worst: requires improvement); the child's voice good;
    // planning requires improvement.
    const first = await createAudit({ theme: "assessments", title: "Assessments one", heldOn: inDays(-100) });
    const reflective = await addFinding(first, { practiceArea: "Reflective discussion", rating: "inadequate" });
    await addFinding(first, { practiceArea: "Recording of decisions", rating: "requires_improvement", team: String(teamA) });
    await addFinding(first, { practiceArea: "Recording of decisions", rating: "good", team: String(teamB) });
    await addFinding(first, { practiceArea: "The child's voice", rating: "good" });
    const planning = await addFinding(first, { practiceArea: "Planning", rating: "requires_improvement" });
    const done = await raise(first, reflective, { kind: "rollout", rollout: String((await auditDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id) });
    const stillOpen = await raise(first, planning, { kind: "cohort", cohort: String((await db().selectFrom("cohorts").select("id").where("starts_on", ">=", inDays(0)).orderBy("starts_on").executeTakeFirstOrThrow()).id), teams: [String(teamA)] });
    expect((await run(findingPage.action, await findingRequest(first, reflective, { intent: "close", action: String(done.id), note: "Rollout reached its target." }), { auditId: String(first), findingId: String(reflective) })).status).toBe(302);
    // A permanence audit in between, and a later assessments audit, are not "the previous" one.
    await createAudit({ theme: "permanence", title: "Permanence between", heldOn: inDays(-50) });
    const second = await createAudit({ theme: "assessments", title: "Assessments two", heldOn: inDays(-10) });
    await createAudit({ theme: "assessments", title: "Assessments three", heldOn: inDays(-2) });
    // Ten days ago: reflective discussion requires improvement (better); recording of decisions requires
    // improvement (the same); the child's voice inadequate (worse); chronologies good (new); planning
    // not looked at.
    await addFinding(second, { practiceArea: "  reflective   DISCUSSION ", rating: "requires_improvement" });
    await addFinding(second, { practiceArea: "Recording of decisions", rating: "requires_improvement" });
    await addFinding(second, { practiceArea: "The child's voice", rating: "inadequate" });
    await addFinding(second, { practiceArea: "Chronologies", rating: "good" });

    const page = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${second}`), { auditId: String(second) })).data as {
      changes: { previous: { id: number }; ratings: { area: string; previous: string | null; current: string | null; change: string }[]; actions: { id: number; status: string; overdue: boolean }[] };
    };
    expect(page.changes.previous.id).toBe(first);
    expect(page.changes.ratings).toEqual([
      { area: "Chronologies", previous: null, current: "good", change: "new" },
      { area: "Planning", previous: "requires_improvement", current: null, change: "not_reaudited" },
      { area: "Recording of decisions", previous: "requires_improvement", current: "requires_improvement", change: "same" },
      { area: "reflective   DISCUSSION", previous: "inadequate", current: "requires_improvement", change: "better" },
      { area: "The child's voice", previous: "good", current: "inadequate", change: "worse" },
    ]);
    expect(page.changes.actions.map((a) => [a.id, a.status]).sort()).toEqual([[done.id, "done"], [stillOpen.id, "open"]].sort());
    const firstPage = (await run(auditPage.loader, await requestAs("ld", `${BASE}/audits/${first}`), { auditId: String(first) })).data as { changes: unknown };
    expect(firstPage.changes).toBeNull();
  });

  it("takes the worst rating where an area was rated more than once", () => {
    expect(compareRatings([{ practice_area: "A", rating: "good" }, { practice_area: "a", rating: "inadequate" }], [{ practice_area: "A ", rating: "good" }, { practice_area: "A", rating: "requires_improvement" }])).toEqual([{ area: "A", previous: "inadequate", current: "requires_improvement", change: "better" }]);
  });
});
