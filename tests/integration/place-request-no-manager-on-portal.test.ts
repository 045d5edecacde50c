// A place request on a cohort that needs approval, from someone with nobody on their line who can act on
// the portal (no account, no manager role, or a disabled one), would wait for ever in an inbox nobody
// reads. L&D decide it instead, by the same rules, and the person is told so as they ask; one asked before
// that rule is on L&D's list too. Where a manager on the line can act, the request stays theirs.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as adminHome from "../../app/routes/admin._index";
import * as ldDecision from "../../app/routes/admin.requests.$enrolmentId";
import * as ldList from "../../app/routes/admin.requests._index";
import * as me from "../../app/routes/me._index";
import * as managerDecision from "../../app/routes/team.requests.$enrolmentId";
import { createCohort } from "../../app/services/cohorts.server";
import { decideRequest, requestPlace } from "../../app/services/enrolment.server";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { run } from "../support/route";

const PROGRAMME = "no-manager-places-test";

type Handler = Parameters<typeof run>[0];
const get = async (account: DemoAccount, path: string, params: Record<string, string> = {}, handler: Handler = ldDecision.loader) => run(handler, await requestAs(account, path), params);
const post = async (account: DemoAccount, path: string, values: Record<string, string>, params: Record<string, string>, handler: Handler = ldDecision.action) =>
  run(handler, await requestAs(account, path, { method: "POST", body: new URLSearchParams(values) }), params);

type ListPage = { total: number; rows: { id: number; name: string; why: string }[] };
/** Which request the decision page shows, as its form sends it back. */
const askedAtOn = async (account: DemoAccount, path: string, params: Record<string, string>, handler: Handler = ldDecision.loader) => ((await get(account, path, params, handler)).data as { askedAt: string }).askedAt;

const ldRows = async (account: DemoAccount = "ld") => (await get(account, "/admin/requests", {}, ldList.loader)).data as ListPage;
const adminCount = async () => ((await get("ld", "/admin", {}, adminHome.loader)).data as { unmanagedWaiting: number }).unmanagedWaiting;
const enrolment = (id: number) => db().selectFrom("enrolments").select(["status", "decided_by", "reason"]).where("id", "=", id).executeTakeFirstOrThrow();

let alex: number;
let realManager: number;
/** Alex's line manager for these tests: in HR's record, at the top of their own line, with no account. */
let headOfNowhere: number;

async function approvalCohort() {
  return createCohort(
    { programmeId: PROGRAMME, name: `Needs approval ${Math.random().toString(36).slice(2, 7)}`, startsOn: "2031-03-03", endsOn: "2031-06-02", capacity: 5, enrolmentOpensOn: null, enrolmentClosesOn: null, venue: "Town Hall", onlineUrl: null, requiresManagerApproval: true },
    { firstDate: "2031-03-03", cadence: "weekly", count: 2, time: "09:30", durationMinutes: 60 },
    { userId: null, personId: null },
  );
}

async function alexAsks() {
  const asked = await requestPlace({ cohortId: await approvalCohort(), personId: alex, actor: { userId: null, personId: alex } });
  if (!asked.ok) throw new Error(asked.error);
  return asked;
}

beforeAll(async () => {
  await seedDemo();
  await db().insertInto("programmes").values({ id: PROGRAMME, enabled: 1, updated_at: new Date().toISOString() }).execute();
  alex = await personIdOf("practitioner");
  realManager = (await db().selectFrom("people").select("line_manager_id").where("id", "=", alex).executeTakeFirstOrThrow()).line_manager_id!;
  const team = await db().selectFrom("people").select("team_id").where("id", "=", alex).executeTakeFirstOrThrow();
  headOfNowhere = await managerWithNoAccount(team.team_id);
});

afterAll(async () => {
  await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
});

beforeEach(async () => {
  await db().updateTable("people").set({ line_manager_id: headOfNowhere }).where("id", "=", alex).execute();
});

describe("a place request from someone with no manager on the portal", () => {
  it("goes to L&D, tells the person so, and is on L&D's list and count, labelled", async () => {
    const before = { list: (await ldRows()).total, count: await adminCount() };
    const asked = await alexAsks();
    expect(asked).toMatchObject({ status: "requested", decider: "learning_development" });
    const notices = ((await get("practitioner", "/me", {}, me.loader)).data as { notices: { text: string }[] }).notices.map((n) => n.text);
    expect(notices.some((text) => /has gone to learning and development to decide, as no manager on your line uses the portal\.$/.test(text))).toBe(true);

    const list = await ldRows();
    expect(list.rows.find((r) => r.id === asked.enrolmentId)).toMatchObject({ name: "Alex Morgan", why: "No manager on the portal" });
    expect(list.total).toBe(before.list + 1);
    expect(await adminCount()).toBe(before.count + 1);

    // The demo line manager is not on Alex's line now, so it is not theirs to decide.
    expect((await get("manager", `/team/requests/${asked.enrolmentId}`, { enrolmentId: String(asked.enrolmentId) }, managerDecision.loader)).status).toBe(404);
    // Someone who may not run cohorts sees neither the list nor the request.
    expect((await get("practitioner", "/admin/requests", {}, ldList.loader)).status).toBe(403);
  });

  it("is decided by L&D through the same form and rules: a decline needs a reason, kept with the choice when refused", async () => {
    const asked = await alexAsks();
    const at = `/admin/requests/${asked.enrolmentId}`;
    const params = { enrolmentId: String(asked.enrolmentId) };
    expect((await get("ld", at, params)).data).toMatchObject({ waiting: true, managerDecides: false });
    const askedAt = await askedAtOn("ld", at, params);

    const refused = await post("ld", at, { decision: "decline", reason: "", askedAt }, params);
    expect(refused.status).toBe(400);
    expect(refused.data).toMatchObject({ error: { reason: ["requests.errors.reasonNeeded"] }, initialValue: { decision: "decline" } });

    const declined = await post("ld", at, { decision: "decline", reason: "Caseload first", askedAt }, params);
    expect(declined.headers.get("Location")).toBe("/admin/requests?decided=declined");
    const ld = await personIdOf("ld");
    expect(await enrolment(asked.enrolmentId)).toEqual({ status: "declined", decided_by: ld, reason: "Caseload first" });
    const audit = await db().selectFrom("audit_events").select(["actor_person_id", "after_json"]).where("action", "=", "enrolment.declined").where("subject_id", "=", String(asked.enrolmentId)).executeTakeFirstOrThrow();
    expect(audit.actor_person_id).toBe(ld);
    expect(JSON.parse(audit.after_json!)).toMatchObject({ status: "declined", decider: "learning_development" });
    const notice = await db().selectFrom("notices").select("message_key").where("person_id", "=", alex).orderBy("id", "desc").executeTakeFirstOrThrow();
    expect(notice.message_key).toBe("notices.learningTeamDecision.declined");
    expect((await ldRows()).rows.map((r) => r.id)).not.toContain(asked.enrolmentId);
  });

  it("is on L&D's list when it was asked before this rule, and L&D can approve it", async () => {
    const cohortId = await approvalCohort();
    const now = new Date().toISOString();
    const [waiting] = await db().insertInto("enrolments").values({ cohort_id: cohortId, person_id: alex, status: "requested", created_at: now, updated_at: now }).returning("id").execute();
    expect((await ldRows()).rows.map((r) => r.id)).toContain(waiting.id);
    const at = `/admin/requests/${waiting.id}`;
    const params = { enrolmentId: String(waiting.id) };
    const approved = await post("ld", at, { decision: "approve", reason: "", askedAt: await askedAtOn("ld", at, params) }, params);
    expect(approved.headers.get("Location")).toBe("/admin/requests?decided=enrolled");
    expect((await enrolment(waiting.id)).status).toBe("enrolled");
  });
});

describe("a place request from someone whose manager is on the portal", () => {
  it("stays the manager's: L&D neither list it nor may decide it, and the manager still does", async () => {
    await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", alex).execute();
    const asked = await alexAsks();
    expect(asked).toMatchObject({ status: "requested", decider: "manager" });
    const params = { enrolmentId: String(asked.enrolmentId) };
    const at = `/admin/requests/${asked.enrolmentId}`;
    expect((await ldRows()).rows.map((r) => r.id)).not.toContain(asked.enrolmentId);
    expect((await get("ld", at, params)).data).toMatchObject({ waiting: false, managerDecides: true });
    const refused = await post("ld", at, { decision: "approve", reason: "Go ahead" }, params);
    expect(refused.status).toBe(409);
    // Said as it is: the manager decides it, not "withdrawn or decided".
    expect(refused.data).toMatchObject({ error: { "": ["enrolment.errors.managerDecides"] }, initialValue: { decision: "approve", reason: "Go ahead" } });
    // Checked again under the cohort's lock, whoever calls.
    expect(await decideRequest(asked.enrolmentId, true, null, { userId: null, personId: await personIdOf("ld") }, undefined, "learning_development")).toEqual({ ok: false, error: "enrolment.errors.managerDecides" });
    expect((await enrolment(asked.enrolmentId)).status).toBe("requested");

    const mine = `/team/requests/${asked.enrolmentId}`;
    const decided = await post("manager", mine, { decision: "approve", reason: "", askedAt: await askedAtOn("manager", mine, params, managerDecision.loader) }, params, managerDecision.action);
    expect(decided.headers.get("Location")).toBe("/team?decided=enrolled");
  });

  it("becomes the manager's again once one on the line can act, so a request left waiting leaves L&D's list", async () => {
    const asked = await alexAsks();
    expect((await ldRows()).rows.map((r) => r.id)).toContain(asked.enrolmentId);
    const [user] = await db().insertInto("users").values({ person_id: headOfNowhere, email: "nia.account@example.test", password_hash: "not-used", disabled: 0, created_at: new Date().toISOString() }).returning("id").execute();
    await db().insertInto("user_roles").values({ user_id: user.id, role: "manager" }).execute();
    try {
      expect((await ldRows()).rows.map((r) => r.id)).not.toContain(asked.enrolmentId);
      const refused = await post("ld", `/admin/requests/${asked.enrolmentId}`, { decision: "approve", reason: "" }, { enrolmentId: String(asked.enrolmentId) });
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ error: { "": ["enrolment.errors.managerDecides"] } });
      // With JavaScript the page's data is read again after the 409, as without it, so it says whose it is now.
      for (const route of [ldDecision, managerDecision]) expect(route.shouldRevalidate({ actionStatus: 409, defaultShouldRevalidate: false } as Parameters<typeof route.shouldRevalidate>[0])).toBe(true);
      expect((await enrolment(asked.enrolmentId)).status).toBe("requested");
    } finally {
      await db().deleteFrom("user_roles").where("user_id", "=", user.id).execute();
      await db().deleteFrom("users").where("id", "=", user.id).execute();
    }
  });
});
