// The career pathway through its real loaders and actions on a migrated, seeded database: what each
// stage asks for (with an admin's changes and a switched-off programme), the next stage, a request to
// progress from asking to the panel's decision, who may decide, the history, and reading in batches.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as adminStage from "../../app/routes/admin.pathway.$stageCode";
import * as adminStages from "../../app/routes/admin.pathway._index";
import * as adminHome from "../../app/routes/admin._index";
import * as panelList from "../../app/routes/admin.progression._index";
import * as panelDecision from "../../app/routes/admin.progression.$requestId";
import * as myPathway from "../../app/routes/me.pathway";
import * as me from "../../app/routes/me._index";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as managerDecision from "../../app/routes/team.progression.$requestId";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { listStages, moveToStage } from "../../app/services/career-stages.server";
import { recordPanelDecision } from "../../app/services/progression.server";
import { nextStages, pathwayModel, pathwaysFor, requirementKey } from "../../app/services/pathway.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { readinessFor } from "../../app/services/readiness.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { personIdOf, personOutsideLineOf, requestAs, seedDemo, type DemoAccount } from "../support/fixtures";
import { renderedAfterPost } from "../support/rendered-page";
import { run } from "../support/route";

beforeAll(seedDemo);

const form = (values: Record<string, string | string[]>) => {
  const body = new FormData();
  for (const [k, v] of Object.entries(values)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return body;
};
const post = async (account: DemoAccount, path: string, values: Record<string, string | string[]>) => requestAs(account, path, { method: "POST", body: form(values) });
const get = (account: DemoAccount, path: string) => requestAs(account, path);
const keysOf = async (stage: string) => ((await pathwayModel("en-GB")).requirements.get(stage) ?? []).map(requirementKey);

async function clearRequests(personId: number) {
  await db().deleteFrom("progression_requests").where("person_id", "=", personId).execute();
}

async function ask(account: DemoAccount, toStage: string, statement = "I have led complex cases for three years.") {
  return run(myPathway.action, await post(account, "/me/pathway", { toStage, statement }));
}

async function latestRequest(personId: number) {
  return db().selectFrom("progression_requests").selectAll().where("person_id", "=", personId).orderBy("id", "desc").executeTakeFirstOrThrow();
}

describe("what each stage asks for", () => {
  it("gives qualified stages the core requirements and adds each programme's", async () => {
    expect(await keysOf("social_worker")).toEqual(expect.arrayContaining(["common:qualified-years", "common:registration", "common:cpd"]));
    expect(await keysOf("team_manager")).toContain("leadership:level-5");
    expect(await keysOf("advanced_practitioner")).toContain("naas:accreditation");
    // The apprentice stage asks only for a place on the apprenticeship, which is not a qualified stage.
    expect(await keysOf("apprentice")).toEqual(["apprenticeship:place"]);
  });

  it("follows an admin's changes, audited, and drops a switched-off programme's requirement", async () => {
    const admin = await run(adminStage.loader, await get("admin", "/admin/pathway/senior_practitioner"), { stageCode: "senior_practitioner" });
    expect(admin.status).toBe(200);
    const saved = await run(
      adminStage.action,
      await post("admin", "/admin/pathway/senior_practitioner", { nameEn: "Senior practitioner", nameCy: "Uwch ymarferydd", position: "50", track: "main", minYears: "3", requirements: ["common:qualified-years", "common:registration", "leadership:level-5"] }),
      { stageCode: "senior_practitioner" },
    );
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe("/admin/pathway?saved=senior_practitioner");
    expect((await keysOf("senior_practitioner")).sort()).toEqual(["common:qualified-years", "common:registration", "leadership:level-5"]);
    const overrides = await db().selectFrom("career_stage_requirements").selectAll().where("stage_code", "=", "senior_practitioner").orderBy("requirement_key").execute();
    expect(overrides.map((o) => [o.requirement_key, o.included])).toEqual([["common:cpd", 0], ["leadership:level-5", 1]]);
    const audit = await db().selectFrom("audit_events").select(["action", "after_json"]).where("subject_id", "=", "senior_practitioner").executeTakeFirstOrThrow();
    expect(audit.action).toBe("career_stage.updated");

    await setPluginEnabled("leadership", false, SYSTEM_ACTOR);
    try {
      expect(await keysOf("senior_practitioner")).not.toContain("leadership:level-5");
      expect(await keysOf("team_manager")).not.toContain("leadership:level-5");
    } finally {
      await setPluginEnabled("leadership", true, SYSTEM_ACTOR);
    }
    expect(await keysOf("senior_practitioner")).toContain("leadership:level-5");

    // Back to the defaults: no overrides left.
    await run(adminStage.action, await post("admin", "/admin/pathway/senior_practitioner", { nameEn: "Senior practitioner", nameCy: "Uwch ymarferydd", position: "50", track: "main", minYears: "3", requirements: ["common:qualified-years", "common:registration", "common:cpd"] }), { stageCode: "senior_practitioner" });
    expect(await db().selectFrom("career_stage_requirements").selectAll().where("stage_code", "=", "senior_practitioner").execute()).toEqual([]);
  });

  it("refuses what an admin cannot mean, and lets only admins in", async () => {
    const bad = await run(adminStage.action, await post("admin", "/admin/pathway/social_worker", { nameEn: " ", nameCy: "", position: "first", track: "diagonal", minYears: "-1", requirements: ["nobody:nothing"] }), { stageCode: "social_worker" });
    expect(bad.status).toBe(400);
    const errors = (bad.data as { error: Record<string, string[]> }).error;
    expect(Object.keys(errors).sort()).toEqual(["minYears", "nameCy", "nameEn", "position", "track"]);
    const unknownRequirement = await run(adminStage.action, await post("admin", "/admin/pathway/social_worker", { nameEn: "Social worker", nameCy: "Gweithiwr cymdeithasol", position: "40", track: "main", minYears: "1", requirements: ["nobody:nothing"] }), { stageCode: "social_worker" });
    expect(unknownRequirement.status).toBe(400);
    expect((await run(adminStage.loader, await get("admin", "/admin/pathway/no_such_stage"), { stageCode: "no_such_stage" })).status).toBe(404);
    expect((await run(adminStage.loader, await get("admin", "/admin/pathway/x'--"), { stageCode: "x'--" })).status).toBe(404);
    expect((await run(adminStages.loader, await get("ld", "/admin/pathway"))).status).toBe(403);
    expect((await run(adminStage.action, await post("ld", "/admin/pathway/social_worker", {}), { stageCode: "social_worker" })).status).toBe(403);
  });
});

describe("evaluating requirements", () => {
  it("works out years since qualifying with the date it will be met", async () => {
    const alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker", qualification_date: "2024-03-01" }).where("id", "=", alex).execute();
    const pathway = (await pathwaysFor([alex], "en-GB", { now: new Date("2026-06-01T12:00:00Z") })).get(alex)!;
    expect(pathway.current?.code).toBe("social_worker");
    expect(pathway.next.map((e) => e.stage.code)).toEqual(["senior_practitioner"]);
    const years = pathway.next[0].requirements.find((r) => r.key === "common:qualified-years")!;
    expect(years).toMatchObject({ met: false, reason: "Years since qualifying: 2, where this stage asks for 3. Met on 1 March 2027." });
    const later = (await pathwaysFor([alex], "cy", { now: new Date("2027-03-02T12:00:00Z") })).get(alex)!;
    expect(later.next[0].requirements.find((r) => r.key === "common:qualified-years")).toMatchObject({ met: true, reason: "Blynyddoedd ers cymhwyso: 3, lle mae'r cam hwn yn gofyn am 3. Wedi'i fodloni ers 1 Mawrth 2027." });
  });

  it("reads every other requirement from readiness; nothing recorded is not met, with where to act", async () => {
    const jordan = await personIdOf("asye");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", jordan).execute();
    // Level 5 on the senior practitioner stage, which Jordan has not started.
    await db().insertInto("career_stage_requirements").values({ stage_code: "senior_practitioner", requirement_key: "leadership:level-5", included: 1 }).execute();
    try {
      const pathway = (await pathwaysFor([jordan], "en-GB")).get(jordan)!;
      const evaluation = pathway.next[0];
      const level5 = evaluation.requirements.find((r) => r.key === "leadership:level-5")!;
      expect(level5).toMatchObject({ met: false, reason: "Nothing is recorded for this yet.", actionHref: "/programmes/leadership" });
      const registration = evaluation.requirements.find((r) => r.key === "common:registration")!;
      expect(registration.reason).toMatch(/registration|Registered/i);
      // HR's record: no page here changes it, so no link (its reasons say what to do).
      expect("actionHref" in registration && registration.actionHref).toBeFalsy();
      expect(evaluation.total).toBe(evaluation.requirements.length);
      expect(evaluation.met).toBe(evaluation.requirements.filter((r) => r.met).length);
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
    }
  });
});

describe("a requirement that does not apply to the person", () => {
  const ASYE_REQUIREMENT = "asye:asye-passed";

  it("is said not to apply, and counted neither as met nor in the total", async () => {
    const alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    // The ASYE on the senior practitioner stage: Alex qualified without one recorded here, and is past it.
    await db().insertInto("career_stage_requirements").values({ stage_code: "senior_practitioner", requirement_key: ASYE_REQUIREMENT, included: 1 }).execute();
    try {
      const readiness = (await readinessFor([alex], "en-GB")).get(alex)!;
      expect(readiness.find((item) => item.source === "asye")?.status).toBe("not_applicable");
      const page = await run(myPathway.loader, await get("practitioner", "/me/pathway"));
      const evaluation = (page.data as { next: { total: number; met: number; requirements: { key: string; met: boolean; applies: boolean }[] }[] }).next[0];
      expect(evaluation.requirements.find((r) => r.key === ASYE_REQUIREMENT)).toMatchObject({ met: false, applies: false });
      const counted = evaluation.requirements.filter((r) => r.key !== ASYE_REQUIREMENT);
      expect(counted.length).toBeGreaterThan(0);
      expect(evaluation.total).toBe(counted.length);
      expect(evaluation.met).toBe(counted.filter((r) => r.met).length);
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
    }
  });
});

describe("a stage where nothing applies to the person", () => {
  const CORE = ["common:qualified-years", "common:registration", "common:cpd"];

  it("says so on the pathway, on /team and to those deciding, rather than 0 of 0", async () => {
    const alex = await personIdOf("practitioner");
    await clearRequests(alex);
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    // The senior practitioner stage asks only for the ASYE, which Alex qualified before.
    await db()
      .insertInto("career_stage_requirements")
      .values([...CORE.map((key) => ({ stage_code: "senior_practitioner", requirement_key: key, included: 0 })), { stage_code: "senior_practitioner", requirement_key: "asye:asye-passed", included: 1 }])
      .execute();
    try {
      const mine = (await run(myPathway.loader, await get("practitioner", "/me/pathway"))).data as { next: { met: number; total: number; requirements: { applies: boolean }[] }[] };
      expect(mine.next[0]).toMatchObject({ met: 0, total: 0 });
      expect(mine.next[0].requirements.map((r) => r.applies)).toEqual([false]);

      const teamPage = (await run(team.loader, await get("manager", "/team"))).data as { rows: { id: number; stage: string }[] };
      expect(teamPage.rows.find((r) => r.id === alex)?.stage).toBe("Social worker — nothing to meet for Senior practitioner");
      const csv = (await run(teamCsv.loader, await get("manager", "/team/export.csv"))).data as string;
      expect(csv).toContain("Social worker — nothing to meet for Senior practitioner");

      expect((await ask("practitioner", "senior_practitioner")).status).toBe(302);
      const request = await latestRequest(alex);
      const review = await run(managerDecision.loader, await get("manager", `/team/progression/${request.id}`), { requestId: String(request.id) });
      const { closeness, request: asked } = review.data as { closeness: string; request: { name: string } };
      expect(closeness).toBe(`None of this stage's requirements apply to ${asked.name}.`);
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
      await clearRequests(alex);
    }
  });
});

describe("a stage that asks for one thing", () => {
  it("words the count for one in English, and in Welsh as for any number", async () => {
    const alex = await personIdOf("practitioner");
    await clearRequests(alex);
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    // The senior practitioner stage asks only for registration.
    await db()
      .insertInto("career_stage_requirements")
      .values(["common:qualified-years", "common:cpd"].map((key) => ({ stage_code: "senior_practitioner", requirement_key: key, included: 0 })))
      .execute();
    try {
      expect((await ask("practitioner", "senior_practitioner")).status).toBe(302);
      const request = await latestRequest(alex);
      const review = async (lng: string) => (await run(managerDecision.loader, await get("manager", `/team/progression/${request.id}?lng=${lng}`), { requestId: String(request.id) })).data as { closeness: string; request: { name: string } };
      const english = await review("en-GB");
      expect(english.closeness).toMatch(new RegExp(`^${english.request.name} meets [01] of 1 requirement\\.$`));
      const welsh = await review("cy");
      expect(welsh.closeness).toMatch(new RegExp(`^Mae ${welsh.request.name} yn bodloni [01] o 1 o ofynion\\.$`));
    } finally {
      await db().deleteFrom("career_stage_requirements").execute();
      await clearRequests(alex);
    }
  });
});

describe("the next stage", () => {
  it("is the lowest position above on the main track, several when they tie, none at the top", async () => {
    const stages = await listStages("en-GB");
    const next = (code: string | null) => nextStages(stages, stages.find((s) => s.code === code) ?? null).map((s) => s.code);
    expect(next("social_worker")).toEqual(["senior_practitioner"]);
    expect(next("senior_practitioner").sort()).toEqual(["advanced_practitioner", "practice_supervisor"]);
    expect(next("iro")).toEqual(["team_manager"]);
    // Not a social work grade: their way into social work is the apprenticeship (core migration 0021).
    expect(next("personal_adviser")).toEqual(["apprentice"]);
    expect(next("head_of_service")).toEqual([]);
    expect(next(null)).toEqual([]);
  });
});

describe("/me/pathway", () => {
  it("shows the stage, the next one with each requirement, and any stage explored", async () => {
    const page = (await run(myPathway.loader, await get("practitioner", "/me/pathway?stage=team_manager"))).data as {
      current: { code: string };
      next: { code: string; met: number; total: number; requirements: { key: string }[] }[];
      explored: { code: string; requirements: { key: string }[] } | null;
      targets: { value: string }[];
    };
    expect(page.current.code).toBe("social_worker");
    expect(page.next.map((n) => n.code)).toEqual(["senior_practitioner"]);
    expect(page.next[0].requirements.map((r) => r.key)).toContain("common:qualified-years");
    expect(page.explored?.requirements.map((r) => r.key)).toContain("leadership:level-5");
    expect(page.targets.map((t) => t.value)).toEqual(["senior_practitioner", "team_manager"]);
    const nonsense = (await run(myPathway.loader, await get("practitioner", "/me/pathway?stage=<script>"))).data as { explored: unknown };
    expect(nonsense.explored).toBeNull();
  });

  it("offers to explore only stages not already shown, so a next stage is not shown twice", async () => {
    const page = (await run(myPathway.loader, await get("practitioner", "/me/pathway?stage=senior_practitioner"))).data as {
      next: { code: string }[];
      explored: unknown;
      stages: { value: string }[];
    };
    expect(page.next.map((n) => n.code)).toEqual(["senior_practitioner"]);
    expect(page.explored).toBeNull();
    expect(page.stages.map((s) => s.value)).not.toContain("senior_practitioner");
    expect(page.stages.map((s) => s.value)).not.toContain("social_worker");
    expect(page.stages.map((s) => s.value)).toContain("team_manager");
  });
});

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

describe("reading in batches", () => {
  it("costs the same number of queries for one person as for a whole locality", async () => {
    const everyone = (await db().selectFrom("people").select("id").execute()).map((p) => p.id);
    // Readiness is the readiness engine's to batch (and held to it by its own tests): read it first.
    const count = async (ids: number[]) => {
      const readiness = await readinessFor(ids, "en-GB");
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      await pathwaysFor(ids, "en-GB", { readiness });
      stop();
      return n;
    };
    const one = await count(everyone.slice(0, 1));
    const all = await count(everyone);
    expect(everyone.length).toBeGreaterThan(100);
    expect(all).toBe(one);
    expect(all).toBeLessThanOrEqual(5);
  });

  it("shows each person's stage and closeness on /team and in its CSV", async () => {
    const alex = await personIdOf("practitioner");
    await db().updateTable("people").set({ career_stage: "social_worker" }).where("id", "=", alex).execute();
    const page = (await run(team.loader, await get("manager", "/team"))).data as { rows: { id: number; stage: string }[] };
    expect(page.rows.find((r) => r.id === alex)?.stage).toMatch(/^Social worker — \d+ of \d+ for Senior practitioner$/);
    const csv = (await run(teamCsv.loader, await get("manager", "/team/export.csv"))).data as string;
    expect(csv).toContain("Career stage");
    expect(csv).toMatch(/Social worker — \d+ of \d+ for Senior practitioner/);
  });
});
