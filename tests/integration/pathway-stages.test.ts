// The career pathway through its real loaders and actions on a migrated, seeded database: what each
// stage asks for (with an admin's changes and a switched-off programme), evaluating requirements, the
// next stage, /me/pathway, and reading in batches. Requests to progress are in progression-requests.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import * as adminStage from "../../app/routes/admin.pathway.$stageCode";
import * as adminStages from "../../app/routes/admin.pathway._index";
import * as myPathway from "../../app/routes/me.pathway";
import * as team from "../../app/routes/team._index";
import * as teamCsv from "../../app/routes/team.export[.]csv";
import * as managerDecision from "../../app/routes/team.progression.$requestId";
import { SYSTEM_ACTOR } from "../../app/services/audit.server";
import { listStages } from "../../app/services/career-stages.server";
import { nextStages, pathwayModel, pathwaysFor, requirementKey } from "../../app/services/pathway.server";
import { setPluginEnabled } from "../../app/services/programmes.server";
import { readinessFor } from "../../app/services/readiness.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { personIdOf, seedDemo } from "../support/fixtures";
import { ask, clearRequests, get, latestRequest, post } from "./pathway-support";
import { run } from "../support/route";

beforeAll(seedDemo);

const keysOf = async (stage: string) => ((await pathwayModel("en-GB")).requirements.get(stage) ?? []).map(requirementKey);

/** What a stage's edit page sends back besides what is typed: the stage's last save and the requirements it lists. */
async function shownOn(stage: string) {
  const page = (await run(adminStage.loader, await get("admin", `/admin/pathway/${stage}`), { stageCode: stage })).data as { savedAt: string; requirements: { key: string }[] };
  return { shownSavedAt: page.savedAt, shownRequirements: page.requirements.map((r) => r.key) };
}

describe("what each stage asks for", () => {
  it("gives qualified stages the core requirements and adds each programme's", async () => {
    expect(await keysOf("social_worker")).toEqual(expect.arrayContaining(["common:qualified-years", "common:registration", "common:cpd"]));
    expect(await keysOf("team_manager")).toContain("leadership:level-5");
    expect(await keysOf("advanced_practitioner")).toContain("naas:accreditation-practitioner");
    // The apprentice stage asks only for a place on the apprenticeship, which is not a qualified stage.
    expect(await keysOf("apprentice")).toEqual(["apprenticeship:place"]);
  });

  it("follows an admin's changes, audited, and drops a switched-off programme's requirement", async () => {
    const admin = await run(adminStage.loader, await get("admin", "/admin/pathway/senior_practitioner"), { stageCode: "senior_practitioner" });
    expect(admin.status).toBe(200);
    const saved = await run(
      adminStage.action,
      await post("admin", "/admin/pathway/senior_practitioner", { nameEn: "Senior practitioner", nameCy: "Uwch ymarferydd", position: "50", track: "main", minYears: "3", requirements: ["common:qualified-years", "common:registration", "leadership:level-5"], ...(await shownOn("senior_practitioner")) }),
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
    const back = await run(adminStage.action, await post("admin", "/admin/pathway/senior_practitioner", { nameEn: "Senior practitioner", nameCy: "Uwch ymarferydd", position: "50", track: "main", minYears: "3", requirements: ["common:qualified-years", "common:registration", "common:cpd"], ...(await shownOn("senior_practitioner")) }), { stageCode: "senior_practitioner" });
    expect(back.status).toBe(302);
    expect(await db().selectFrom("career_stage_requirements").selectAll().where("stage_code", "=", "senior_practitioner").execute()).toEqual([]);
  });

  it("refuses what an admin cannot mean, and lets only admins in", async () => {
    const shown = await shownOn("social_worker");
    const bad = await run(adminStage.action, await post("admin", "/admin/pathway/social_worker", { nameEn: " ", nameCy: "", position: "first", track: "diagonal", minYears: "-1", requirements: ["nobody:nothing"], ...shown }), { stageCode: "social_worker" });
    expect(bad.status).toBe(400);
    const errors = (bad.data as { error: Record<string, string[]> }).error;
    expect(Object.keys(errors).sort()).toEqual(["minYears", "nameCy", "nameEn", "position", "track"]);
    const unknownRequirement = await run(adminStage.action, await post("admin", "/admin/pathway/social_worker", { nameEn: "Social worker", nameCy: "Gweithiwr cymdeithasol", position: "40", track: "main", minYears: "1", requirements: ["nobody:nothing"], ...shown }), { stageCode: "social_worker" });
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
