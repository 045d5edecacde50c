// A request to progress from someone whose line manager, in HR's record, cannot act on the portal (no
// account yet, an account without the manager role, or a disabled one) would wait for ever in an inbox
// nobody reads. It goes straight to the panel, and the person is told; one asked before that rule, still
// waiting for such a manager, is on the panel's list, labelled, for the panel to decide.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as adminHome from "../../app/routes/admin._index";
import * as panelDecision from "../../app/routes/admin.progression.$requestId";
import * as panelList from "../../app/routes/admin.progression._index";
import * as myPathway from "../../app/routes/me.pathway";
import { db } from "../../app/utils/db.server";
import { personIdOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { managerWithNoAccount } from "../support/no-manager-on-portal";
import { run } from "../support/route";

beforeAll(seedDemo);

const post = (account: DemoAccount, path: string, values: Record<string, string>) => requestAs(account, path, { method: "POST", body: new URLSearchParams(values) });
const get = (account: DemoAccount, path: string) => requestAs(account, path);

type PanelRow = { id: number; status: string; support: string };
type PanelPage = { rows: PanelRow[]; total: number };
const panelRows = async (account: DemoAccount) => (await run(panelList.loader, await get(account, "/admin/progression"))).data as PanelPage;
const adminCount = async (account: DemoAccount) => ((await run(adminHome.loader, await get(account, "/admin"))).data as { panelWaiting: number }).panelWaiting;
const latestRequest = (personId: number) => db().selectFrom("progression_requests").selectAll().where("person_id", "=", personId).orderBy("id", "desc").executeTakeFirstOrThrow();

let alex: number;
let realManager: number;
/** Alex's line manager for these tests: in HR's record, at the top of their own line, with no account. */
let headOfNowhere: number;

beforeAll(async () => {
  alex = await personIdOf("practitioner");
  realManager = (await db().selectFrom("people").select("line_manager_id").where("id", "=", alex).executeTakeFirstOrThrow()).line_manager_id!;
  const team = await db().selectFrom("people").select("team_id").where("id", "=", alex).executeTakeFirstOrThrow();
  headOfNowhere = await managerWithNoAccount(team.team_id);
});

beforeEach(async () => {
  await db().updateTable("people").set({ career_stage: "social_worker", line_manager_id: headOfNowhere }).where("id", "=", alex).execute();
  await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
  await db().deleteFrom("users").where("person_id", "=", headOfNowhere).execute();
});

const ask = async () => run(myPathway.action, await post("practitioner", "/me/pathway", { toStage: "senior_practitioner", statement: "I have led complex cases for three years." }));

async function giveAccount(personId: number, roles: string[], disabled = 0) {
  const [user] = await db().insertInto("users").values({ person_id: personId, email: `user-${personId}@example.test`, password_hash: "not-used", disabled, created_at: new Date().toISOString() }).returning("id").execute();
  for (const role of roles) await db().insertInto("user_roles").values({ user_id: user.id, role }).execute();
}

/** Where a fresh request from Alex goes while Nia holds this account, or none. */
async function askedWhileNiaHas(account: { roles: string[]; disabled?: number } | null) {
  await db().deleteFrom("progression_requests").where("person_id", "=", alex).execute();
  await db().deleteFrom("users").where("person_id", "=", headOfNowhere).execute();
  if (account) await giveAccount(headOfNowhere, account.roles, account.disabled);
  await ask();
  return (await latestRequest(alex)).status;
}

describe("asking to progress when no line manager can act on the portal", () => {
  it("goes straight to the panel, tells the person so, and shows the panel why no manager answered", async () => {
    const asked = await ask();
    expect(asked.headers.get("Location")).toBe("/me/pathway?asked=panel");
    const request = await latestRequest(alex);
    expect(request).toMatchObject({ status: "awaiting_panel", manager_id: headOfNowhere, manager_supports: null });
    const mine = (await run(myPathway.loader, await get("practitioner", "/me/pathway?asked=panel"))).data as { askedPanel: boolean; requests: { id: number; status: string }[] };
    expect(mine.askedPanel).toBe(true);
    expect(mine.requests[0]).toMatchObject({ id: request.id, status: "awaiting_panel" });
    const listed = (await panelRows("ld")).rows.find((r) => r.id === request.id);
    expect(listed).toMatchObject({ status: "awaiting_panel", support: "No line manager on the portal to respond" });
    const review = (await run(panelDecision.loader, await get("ld", `/admin/progression/${request.id}`), { requestId: String(request.id) })).data as { open: boolean; panel: { support: string } };
    expect(review).toMatchObject({ open: true, panel: { support: "No line manager on the portal to respond" } });
  });

  it("counts only an active account with the manager role, anywhere up the line, as one who can act, as managesPerson does", async () => {
    expect(await askedWhileNiaHas({ roles: ["practitioner"] })).toBe("awaiting_panel");
    expect(await askedWhileNiaHas({ roles: ["manager"], disabled: 1 })).toBe("awaiting_panel");
    expect(await askedWhileNiaHas({ roles: ["manager"] })).toBe("awaiting_manager");
    // Nia has no account, but her own manager (the demo team manager, who has) manages Alex through her.
    await db().updateTable("people").set({ line_manager_id: realManager }).where("id", "=", headOfNowhere).execute();
    try {
      expect(await askedWhileNiaHas(null)).toBe("awaiting_manager");
      // A loop in HR's record (Nia reports to Alex) ends the search, and Alex does not manage themself.
      await db().updateTable("people").set({ line_manager_id: alex }).where("id", "=", headOfNowhere).execute();
      expect(await askedWhileNiaHas(null)).toBe("awaiting_panel");
    } finally {
      await db().updateTable("people").set({ line_manager_id: null }).where("id", "=", headOfNowhere).execute();
    }
  });
});

describe("a request already waiting for a line manager who cannot act", () => {
  async function stuckRequest() {
    const now = new Date().toISOString();
    const [row] = await db()
      .insertInto("progression_requests")
      .values({ person_id: alex, from_stage: "social_worker", to_stage: "senior_practitioner", statement: "Ready.", status: "awaiting_manager", manager_id: headOfNowhere, created_at: now, updated_at: now })
      .returning("id")
      .execute();
    return row.id;
  }

  it("is on the panel's list and in its count, labelled, with nothing changed by reading it", async () => {
    const before = { list: (await panelRows("ld")).total, count: await adminCount("ld") };
    const id = await stuckRequest();
    const list = await panelRows("ld");
    expect(list.rows.find((r) => r.id === id)).toMatchObject({ status: "awaiting_manager", support: "No line manager on the portal to respond" });
    expect(list.total).toBe(before.list + 1);
    expect(await adminCount("ld")).toBe(before.count + 1);
    const mine = (await run(myPathway.loader, await get("practitioner", "/me/pathway"))).data as { requests: { id: number; note: string }[] };
    expect(mine.requests.find((r) => r.id === id)?.note).toBe("No line manager of yours can respond to this on the portal, so the progression panel can decide it.");
    expect((await latestRequest(alex)).status).toBe("awaiting_manager");

    // Once a line manager can act on it, it is theirs again: off the panel's list, and not the panel's to decide.
    await giveAccount(headOfNowhere, ["manager"]);
    expect((await panelRows("ld")).rows.map((r) => r.id)).not.toContain(id);
    expect(await adminCount("ld")).toBe(before.count);
    const params = { requestId: String(id) };
    expect(((await run(panelDecision.loader, await get("ld", `/admin/progression/${id}`), params)).data as { open: boolean }).open).toBe(false);
    expect((await run(panelDecision.action, await post("ld", `/admin/progression/${id}`, { decision: "approve", note: "Too early" }), params)).status).toBe(409);
    expect((await latestRequest(alex)).status).toBe("awaiting_manager");
  });

  it("is decided by the panel, audited from where it stood", async () => {
    const id = await stuckRequest();
    const params = { requestId: String(id) };
    const review = (await run(panelDecision.loader, await get("ld", `/admin/progression/${id}`), params)).data as { open: boolean };
    expect(review.open).toBe(true);
    const declined = await run(panelDecision.action, await post("ld", `/admin/progression/${id}`, { decision: "decline", note: "Another year first." }), params);
    expect(declined.headers.get("Location")).toBe("/admin/progression?decided=declined");
    expect((await latestRequest(alex)).status).toBe("declined");
    const audit = await db().selectFrom("audit_events").select("before_json").where("action", "=", "progression.panel.declined").where("subject_id", "=", String(id)).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.before_json!)).toEqual({ status: "awaiting_manager" });
  });
});
