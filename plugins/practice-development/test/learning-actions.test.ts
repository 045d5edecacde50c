// Learning actions raised from an audit's findings, through the real loaders and actions on a migrated,
// seeded database: one of each kind (an existing or new briefing rollout, places on an upcoming cohort
// for some of the sample's teams, a Research in Practice course from the core's catalogue), what does not
// fit, the open list, the metrics pack's figures, and closing one, once, however many click.
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { searchCatalogue } from "../../../app/services/catalogue.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { setPluginEnabled } from "../../../app/services/programmes.server";
import { db } from "../../../app/utils/db.server";
import { personIdOf, requestAs, type DemoAccount } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as auditsPage from "../routes/audits";
import * as openActionsPage from "../routes/audits.actions";
import * as auditPage from "../routes/audits.$auditId";
import * as findingPage from "../routes/audits.$auditId.findings.$findingId";
import { auditMetrics } from "../server/audits/metrics.server";
import { auditDb } from "../server/audits/db.server";
import { addFinding, BASE, createAudit, findingData, findingRequest, inDays, raise, seedWithSampleTeams, type Errors } from "./audit-requests";

let teamA: number;
let teamB: number;
let teamOutside: number;

beforeAll(async () => {
  ({ teamA, teamB, teamOutside } = await seedWithSampleTeams());
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
