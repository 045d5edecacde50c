// A request to progress through its real loaders and actions on a migrated, seeded database: from asking
// to the manager's support and the panel's decision, who may decide, withdrawal, the history, and the
// panel's list. What each stage asks for is in pathway-stages.test.ts.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as adminHome from "../../app/routes/admin._index";
import * as panelList from "../../app/routes/admin.progression._index";
import * as panelDecision from "../../app/routes/admin.progression.$requestId";
import * as myPathway from "../../app/routes/me.pathway";
import * as me from "../../app/routes/me._index";
import * as team from "../../app/routes/team._index";
import * as managerDecision from "../../app/routes/team.progression.$requestId";
import { moveToStage } from "../../app/services/career-stages.server";
import { recordPanelDecision } from "../../app/services/progression.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, personOutsideLineOf, seedDemo, type DemoAccount } from "../support/fixtures";
import { ask, clearRequests, get, latestRequest, post } from "./pathway-support";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

describe("a request to progress", () => {
  let alex: number;
  beforeEach(async () => {
    alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    await clearRequests(alex);
  });

  it("needs a stage and a statement, and a stage that exists and is not the person's own", async () => {
    const blank = await run(myPathway.action, await post("practitioner", "/me/pathway", { statement: "  " }));
    expect(blank.status).toBe(400);
    expect(Object.keys((blank.data as { error: Record<string, string[]> }).error).sort()).toEqual(["statement", "toStage"]);
    expect((await ask("practitioner", "no_such_stage")).status).toBe(409);
    expect((await ask("practitioner", "social_worker")).status).toBe(409);
    expect(await db().selectFrom("progression_requests").selectAll().where("person_id", "=", alex).execute()).toEqual([]);
  });

  it("goes from the person to their manager to the panel, moves them with history and tells them", async () => {
    const asked = await ask("practitioner", "senior_practitioner");
    expect(asked.status).toBe(302);
    const request = await latestRequest(alex);
    expect(request).toMatchObject({ status: "awaiting_manager", from_stage: "social_worker", to_stage: "senior_practitioner", manager_id: await personIdOf("manager") });
    // One open request at a time.
    const again = await ask("practitioner", "team_manager");
    expect(again.status).toBe(409);
    expect((again.data as { error: Record<string, string[]> }).error[""]).toEqual(["pathway.errors.alreadyOpen"]);

    // The manager's inbox links to it; the service manager above sees it too.
    const teamPage = (await run(team.loader, await get("manager", "/team"))).data as { inbox: { href: string }[] };
    expect(teamPage.inbox.map((i) => i.href)).toContain(`/team/progression/${request.id}`);
    const params = { requestId: String(request.id) };
    // Those deciding read who asks for which stage, and how they stand against what it requires.
    type Review = { request: { name: string; from: string; to: string; statement: string }; requirements: { key: string }[]; closeness: string; panel?: { support: string; status: string } };
    const managerView = await run(managerDecision.loader, await get("serviceManager", `/team/progression/${request.id}`), params);
    expect(managerView.status).toBe(200);
    const forManager = managerView.data as Review;
    expect(forManager.request).toMatchObject({ from: "Social worker", to: "Senior practitioner", statement: "I have led complex cases for three years." });
    expect(forManager.requirements.length).toBeGreaterThan(0);
    // The person's own links (their CPD record, their programme pages) would take the manager to theirs.
    expect(forManager.requirements.filter((r) => "actionHref" in r)).toEqual([]);
    // Read by the manager, so about Alex, not "You meet".
    expect(forManager.closeness).toMatch(new RegExp(`^${forManager.request.name} meets \\d+ of ${forManager.requirements.length} ${forManager.requirements.length === 1 ? "requirement" : "requirements"}\\.$`));
    // The panel cannot decide before the manager has.
    expect((await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve", note: "Too early" }), params)).status).toBe(409);

    const noNote = await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "no" }), params);
    expect(noNote.status).toBe(400);
    const supported = await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "yes", note: "Ready." }), params);
    expect(supported.headers.get("Location")).toBe("/team?progression=awaiting_panel");
    expect((await latestRequest(alex)).status).toBe("awaiting_panel");
    // Decided: the manager's page says it no longer waits for them, and offers no decision.
    const afterSupport = await run(managerDecision.loader, await get("manager", `/team/progression/${request.id}`), params);
    expect(afterSupport.data).toMatchObject({ waiting: false });
    // A second tab's decision, sent late, comes back with what was written and why, not a 404, and changes nothing.
    const late = await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "no", note: "A long note written in a second tab." }), params);
    expect(late.status).toBe(409);
    expect(JSON.stringify(late.data)).toContain("A long note written in a second tab.");
    expect(JSON.stringify(late.data)).toContain("progression.errors.noLongerWaiting");
    expect((await latestRequest(alex)).status).toBe("awaiting_panel");

    const list = (await run(panelList.loader, await get("ld", "/admin/progression"))).data as { rows: { id: number }[]; total: number };
    expect(list.rows.map((r) => r.id)).toContain(request.id);
    // The panel reads the same, and what the manager said.
    const forPanel = (await run(panelDecision.loader, await get("ld", `/admin/progression/${request.id}`), params)).data as Review;
    expect(forPanel.request).toEqual(forManager.request);
    expect(forPanel.requirements).toEqual(forManager.requirements);
    expect(forPanel.panel).toMatchObject({ support: "Supported: Ready.", status: "awaiting_panel" });
    const noPanelNote = await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve" }), params);
    expect(noPanelNote.status).toBe(400);
    const approved = await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve", note: "Strong evidence of leading practice." }), params);
    expect(approved.headers.get("Location")).toBe("/admin/progression?decided=approved");
    const lateForPanel = await run(panelDecision.action, await post("admin", `/admin/progression/${request.id}`, { decision: "decline", note: "A note typed while a colleague decided" }), params);
    expect(lateForPanel.status).toBe(409);
    // The late decision's page keeps the note as typed, with why, though the request no longer waits.
    const decidedPage = (await run(panelDecision.loader, await get("admin", `/admin/progression/${request.id}`), params)).data;
    const html = await renderedAfterPost(panelDecision.default, decidedPage, lateForPanel.data);
    expect(html).toContain("A note typed while a colleague decided</textarea>");
    expect(html).toContain('class="govuk-error-summary"');

    const person = await db().selectFrom("people").select("career_stage").where("id", "=", alex).executeTakeFirstOrThrow();
    expect(person.career_stage).toBe("senior_practitioner");
    const history = await db().selectFrom("career_stage_history").selectAll().where("person_id", "=", alex).orderBy("id").execute();
    // The first row is where the staff record started them; the panel's approval follows it.
    expect(history).toEqual([
      expect.objectContaining({ stage_code: "social_worker", source: "import" }),
      expect.objectContaining({ stage_code: "senior_practitioner", source: "progression", recorded_by: await personIdOf("ld") }),
    ]);
    const actions = (await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("action", "like", "%progression%").execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["progression.requested", "progression.manager.supported", "progression.panel.approved"]));
    expect(await db().selectFrom("audit_events").select("action").where("person_id", "=", alex).where("action", "=", "career_stage.moved").execute()).toHaveLength(1);

    const mine = (await run(myPathway.loader, await get("practitioner", "/me/pathway"))).data as { current: { code: string }; history: { stage: string; source: string }[]; requests: { status: string }[] };
    expect(mine.current.code).toBe("senior_practitioner");
    expect(mine.history[0]).toMatchObject({ stage: "Senior practitioner", source: "Progression panel" });
    expect(mine.requests[0].status).toBe("approved");
    const home = (await run(me.loader, await get("practitioner", "/me"))).data as { notices: { text: string; href: string | null }[] };
    expect(home.notices).toContainEqual(expect.objectContaining({ href: "/me/pathway", text: "The progression panel approved your request: your career stage has changed." }));

    const decided = (await run(panelList.loader, await get("ld", "/admin/progression?view=decided"))).data as { rows: { id: number; status: string }[] };
    expect(decided.rows).toContainEqual(expect.objectContaining({ id: request.id, status: "approved" }));
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    await db().deleteFrom("career_stage_history").where("person_id", "=", alex).execute();
  });

  it("is closed as approved when a programme moves the person to that stage first, so the panel cannot approve it again", async () => {
    await ask("practitioner", "senior_practitioner");
    const request = await latestRequest(alex);
    const ld = await personIdOf("ld");
    await moveToStage({ userId: null, personId: ld }, { personId: alex, stageCode: "senior_practitioner", startedOn: "2026-11-20", note: "Passed", source: "asye" });
    // Approved, but not by the panel: no panel member, note or date is put in the panel's name.
    expect(await latestRequest(alex)).toMatchObject({ id: request.id, status: "approved", reached_through: "asye", panel_decided_by: null, panel_note: null, panel_decided_at: null });
    const closed = await db().selectFrom("audit_events").select(["action", "after_json"]).where("subject_type", "=", "progression_request").where("subject_id", "=", String(request.id)).where("action", "=", "progression.closed_by_move").execute();
    expect(closed).toHaveLength(1);
    expect(JSON.parse(closed[0].after_json!)).toMatchObject({ status: "approved", reached_through: "asye" });
    const again = await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve", note: "Again" }), { requestId: String(request.id) });
    expect(again.status).toBe(409);
    // The person reads why it closed; the panel's list of its decisions leaves it out.
    const mine = (await run(myPathway.loader, await get("practitioner", "/me/pathway"))).data as { requests: { id: number; status: string; note: string }[] };
    expect(mine.requests.find((r) => r.id === request.id)).toMatchObject({ status: "approved", note: "Closed: you reached this stage through Assessed and Supported Year in Employment (ASYE)." });
    const decided = (await run(panelList.loader, await get("ld", "/admin/progression?view=decided"))).data as { rows: { id: number }[] };
    expect(decided.rows.map((r) => r.id)).not.toContain(request.id);
    // Moving them there again closes nothing twice.
    await moveToStage({ userId: null, personId: ld }, { personId: alex, stageCode: "senior_practitioner", startedOn: "2026-11-20", source: "asye" });
    expect(await db().selectFrom("audit_events").select("id").where("subject_id", "=", String(request.id)).where("action", "=", "progression.closed_by_move").execute()).toHaveLength(1);
    // A request to another stage stays open.
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    await ask("practitioner", "team_manager");
    await moveToStage({ userId: null, personId: ld }, { personId: alex, stageCode: "senior_practitioner", startedOn: "2026-11-21", source: "asye" });
    expect((await latestRequest(alex)).status).toBe("awaiting_manager");
    await db().deleteFrom("career_stage_history").where("person_id", "=", alex).where("source", "=", "asye").execute();
  });

  it("dates the stage a panel approves on London's day, not UTC's", async () => {
    await ask("practitioner", "senior_practitioner");
    const request = await latestRequest(alex);
    await db().updateTable("progression_requests").set({ status: "awaiting_panel" }).where("id", "=", request.id).execute();
    // 23:30 UTC on 1 July is 00:30 on 2 July in London.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-01T23:30:00Z") });
    try {
      expect(await recordPanelDecision({ userId: null, personId: await personIdOf("ld") }, request.id, true, "Ready")).toEqual({ ok: true, status: "approved" });
    } finally {
      vi.useRealTimers();
    }
    const started = await db().selectFrom("career_stage_history").select("started_on").where("person_id", "=", alex).where("source", "=", "progression").orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(started.started_on).toBe("2026-07-02");
    await db().deleteFrom("career_stage_history").where("person_id", "=", alex).where("source", "=", "progression").execute();
  });

  it("ends when the manager does not support it, after which the person may ask again", async () => {
    await ask("practitioner", "senior_practitioner");
    const request = await latestRequest(alex);
    const params = { requestId: String(request.id) };
    await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "no", note: "Another year of complex cases first." }), params);
    expect((await latestRequest(alex)).status).toBe("not_supported");
    expect((await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve", note: "Anyway" }), params)).status).toBe(409);
    expect((await ask("practitioner", "senior_practitioner")).status).toBe(302);
  });

  it("goes straight to the panel for someone with no line manager, and the panel declines", async () => {
    const ld = await personIdOf("ld");
    const before = await db().selectFrom("people").select("line_manager_id").where("id", "=", ld).executeTakeFirstOrThrow();
    await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", ld).execute();
    try {
      await clearRequests(ld);
      expect((await ask("ld", "social_worker")).status).toBe(302);
      const request = await latestRequest(ld);
      expect(request.status).toBe("awaiting_panel");
      const params = { requestId: String(request.id) };
      // Nobody decides their own request: it is not even there for them.
      expect((await run(panelDecision.loader, await get("ld", `/admin/progression/${request.id}`), params)).status).toBe(404);
      expect((await run(panelDecision.action, await post("ld", `/admin/progression/${request.id}`, { decision: "approve", note: "Me" }), params)).status).toBe(404);
      const declined = await run(panelDecision.action, await post("admin", `/admin/progression/${request.id}`, { decision: "decline", note: "Not a social work role." }), params);
      expect(declined.headers.get("Location")).toBe("/admin/progression?decided=declined");
      expect((await latestRequest(ld)).status).toBe("declined");
      expect((await db().selectFrom("people").select("career_stage").where("id", "=", ld).executeTakeFirstOrThrow()).career_stage).toBeNull();
    } finally {
      await db().updateTable("people").set({ line_manager_id: before.line_manager_id }).where("id", "=", ld).execute();
    }
  });

  it("tells each panel member on /admin how many requests wait for them to decide, not counting their own, as their list does", async () => {
    const waiting = async (account: DemoAccount) => ((await run(adminHome.loader, await get(account, "/admin"))).data as { panelWaiting: number | null }).panelWaiting;
    const ld = await personIdOf("ld");
    const alex = await personIdOf("practitioner");
    await clearRequests(ld);
    await clearRequests(alex);
    const before = { ld: await waiting("ld"), admin: await waiting("admin") };
    const now = new Date().toISOString();
    const request = (personId: number) => ({ person_id: personId, from_stage: null, to_stage: "social_worker", statement: "Ready.", status: "awaiting_panel" as const, created_at: now, updated_at: now });
    await db().insertInto("progression_requests").values([request(ld), request(alex)]).execute();
    try {
      expect({ ld: await waiting("ld"), admin: await waiting("admin") }).toEqual({ ld: before.ld! + 1, admin: before.admin! + 2 });
      // The list says the same, and leaves out the request its reader cannot decide.
      const list = (await run(panelList.loader, await get("ld", "/admin/progression"))).data as { rows: { name: string }[]; total: number };
      expect(list.total).toBe(await waiting("ld"));
      expect(list.rows.map((r) => r.name)).not.toContain("Rhian Davies");
      expect(list.rows.map((r) => r.name)).toContain("Alex Morgan");
    } finally {
      await clearRequests(ld);
      await clearRequests(alex);
    }
  });

  it("is decided only by the person's own managers, and unknown requests are not found", async () => {
    const outsider = await personOutsideLineOf(await personIdOf("manager"));
    const now = new Date().toISOString();
    const [outside] = await db()
      .insertInto("progression_requests")
      .values({ person_id: outsider, from_stage: null, to_stage: "social_worker", statement: "Ready.", status: "awaiting_manager", manager_id: null, manager_supports: null, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    const params = { requestId: String(outside.id) };
    expect((await run(managerDecision.loader, await get("manager", `/team/progression/${outside.id}`), params)).status).toBe(404);
    expect((await run(managerDecision.action, await post("manager", `/team/progression/${outside.id}`, { support: "yes" }), params)).status).toBe(404);
    expect((await run(managerDecision.loader, await get("practitioner", `/team/progression/${outside.id}`), params)).status).toBe(403);
    expect((await run(managerDecision.loader, await get("manager", "/team/progression/abc"), { requestId: "abc" })).status).toBe(404);
    expect((await run(panelDecision.loader, await get("ld", "/admin/progression/99999999"), { requestId: "99999999" })).status).toBe(404);
    expect((await run(panelList.loader, await get("manager", "/admin/progression"))).status).toBe(403);
    expect((await latestRequest(outsider)).status).toBe("awaiting_manager");
    await clearRequests(outsider);
  });

  it("is decided by a line manager who also works in L&D, as the manager", async () => {
    const managerUser = await db().selectFrom("users").select("id").where("email", "=", "manager@demo.test").executeTakeFirstOrThrow();
    await db().insertInto("user_roles").values({ user_id: managerUser.id, role: "learning_development" }).execute();
    try {
      await ask("practitioner", "senior_practitioner");
      const request = await latestRequest(alex);
      const params = { requestId: String(request.id) };
      expect((await run(managerDecision.loader, await get("manager", `/team/progression/${request.id}`), params)).status).toBe(200);
      await run(managerDecision.action, await post("manager", `/team/progression/${request.id}`, { support: "yes", note: "" }), params);
      expect((await latestRequest(alex)).status).toBe("awaiting_panel");
    } finally {
      await db().deleteFrom("user_roles").where("user_id", "=", managerUser.id).where("role", "=", "learning_development").execute();
    }
  });

  it("can be withdrawn by the person while it is open, after which they may ask again; nobody else's", async () => {
    await ask("practitioner", "senior_practitioner");
    const request = await latestRequest(alex);
    expect((await run(myPathway.action, await post("asye", "/me/pathway", { intent: "withdraw", request: String(request.id) }))).status).toBe(404);
    expect((await run(myPathway.action, await post("practitioner", "/me/pathway", { intent: "withdraw", request: "nonsense" }))).status).toBe(404);
    const done = await run(myPathway.action, await post("practitioner", "/me/pathway", { intent: "withdraw", request: String(request.id) }));
    expect(done.headers.get("Location")).toBe("/me/pathway?withdrawn=1");
    expect((await latestRequest(alex)).status).toBe("withdrawn");
    const audit = await db().selectFrom("audit_events").select("action").where("subject_type", "=", "progression_request").where("subject_id", "=", String(request.id)).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(audit.action).toBe("progression.withdrawn");
    // Withdrawn is closed: withdrawing again (a second click) finds it withdrawn, and the person may ask afresh.
    expect((await run(myPathway.action, await post("practitioner", "/me/pathway", { intent: "withdraw", request: String(request.id) }))).headers.get("Location")).toBe("/me/pathway?withdrawn=1");
    expect((await ask("practitioner", "senior_practitioner")).status).toBe(302);
  });
});

describe("the panel's list", () => {
  it("pages the requests waiting for it, oldest first, and keeps a page number in range", async () => {
    const people = await db().selectFrom("people").select("id").where("role_category", "=", "social_worker").orderBy("id").limit(30).execute();
    const now = Date.now();
    await db()
      .insertInto("progression_requests")
      .values(people.map((p, i) => ({ person_id: p.id, from_stage: "social_worker", to_stage: "senior_practitioner", statement: "Ready.", status: "awaiting_panel" as const, manager_id: null, manager_supports: 1 as const, manager_note: null, manager_decided_at: null, panel_note: null, panel_decided_by: null, panel_decided_at: null, created_at: new Date(now + i * 1000).toISOString(), updated_at: new Date(now).toISOString() })))
      .execute();
    try {
      type List = { rows: { id: number; asked: string }[]; total: number; page: number; pageCount: number };
      const first = (await run(panelList.loader, await get("ld", "/admin/progression"))).data as List;
      expect(first.total).toBeGreaterThanOrEqual(30);
      expect(first.rows).toHaveLength(25);
      expect(first.pageCount).toBe(Math.ceil(first.total / 25));
      const last = (await run(panelList.loader, await get("ld", "/admin/progression?page=999"))).data as List;
      expect(last.page).toBe(first.pageCount);
      expect(last.rows.length).toBe(first.total - 25 * (first.pageCount - 1));
      expect(new Set([...first.rows, ...last.rows].map((r) => r.id)).size).toBe(first.rows.length + last.rows.length);
    } finally {
      await db().deleteFrom("progression_requests").where("status", "=", "awaiting_panel").where("statement", "=", "Ready.").execute();
    }
  });
});

