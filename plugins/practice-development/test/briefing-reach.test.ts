// Who may do what with briefings and where people see what to do, through the real loaders on a migrated,
// seeded database: permissions and a manager's line, batching (the same number of queries for ten people
// or everyone), /me, induction and the Signs of Safety prerequisites, and the plugin switched off.
import { beforeAll, describe, expect, it } from "vitest";
import { db, observeQueries } from "../../../app/utils/db.server";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { personIdOf, requestAs, seedDemo } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import plugin from "../plugin";
import * as briefingPage from "../routes/briefings.$briefingId";
import * as newBriefing from "../routes/briefings.new";
import * as newSession from "../routes/briefings.sessions.new";
import * as sos from "../routes/briefings.signs-of-safety";
import * as home from "../routes/index";
import * as induction from "../routes/induction";
import * as inductionTeam from "../routes/induction.team";
import * as rolloutExport from "../routes/rollouts.$rolloutId.export";
import * as rolloutPage from "../routes/rollouts.$rolloutId";
import * as newRollout from "../routes/rollouts.new";
import * as rollouts from "../routes/rollouts";
import { pdDb } from "../server/db.server";
import { createBriefing, inDays, post } from "./briefing-requests";
import { addPerson, createRollout, progressAs, teamsInThreeLocalities, type Team } from "./rollout-fixtures";

let teamC: Team;

beforeAll(async () => {
  await seedDemo();
  [, , teamC] = await teamsInThreeLocalities();
});

describe("who may do what", () => {
  it("a practitioner cannot create briefings, rollouts or sessions, nor see rollout progress", async () => {
    expect((await run(newBriefing.action, await requestAs("practitioner", "/programmes/practice-development/briefings/new", post({ title: "T", summary: "S", linkUrl: "https://x.example", delivery: "read" })))).status).toBe(403);
    expect((await run(newRollout.action, await requestAs("practitioner", "/programmes/practice-development/rollouts/new", post({ briefing: "1", dueOn: inDays(5), targetPercent: "50" })))).status).toBe(403);
    expect((await run(newSession.loader, await requestAs("manager", "/programmes/practice-development/briefings/sessions/new"))).status).toBe(403);
    expect((await run(rollouts.loader, await requestAs("practitioner", "/programmes/practice-development/rollouts"))).status).toBe(403);
    expect((await run(rolloutPage.loader, await requestAs("practitioner", "/programmes/practice-development/rollouts/1"), { rolloutId: "1" })).status).toBe(403);
    expect((await run(rolloutPage.loader, await requestAs("ld", "/programmes/practice-development/rollouts/999999"), { rolloutId: "999999" })).status).toBe(404);
    expect((await run(briefingPage.loader, await requestAs("practitioner", "/programmes/practice-development/briefings/abc"), { briefingId: "abc" })).status).toBe(404);
  });

  it("a manager sees only their line's progress, on the page and in the CSV", async () => {
    const briefing = await createBriefing();
    const rollout = await createRollout(briefing);
    const managerId = await personIdOf("manager");
    const line = await db()
      .withRecursive("r(id)", (qb) => qb.selectFrom("people").select("id").where("line_manager_id", "=", managerId).unionAll(qb.selectFrom("people as p").innerJoin("r", "r.id", "p.line_manager_id").select("p.id")))
      .selectFrom("people")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("id", "in", (qb) => qb.selectFrom("r").select("r.id"))
      .where("employment_status", "=", "active")
      .executeTakeFirstOrThrow();
    const everyone = await db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("employment_status", "=", "active").executeTakeFirstOrThrow();
    const mine = await progressAs("manager", rollout);
    expect(mine.total.total).toBe(Number(line.n));
    expect((await progressAs("ld", rollout)).total.total).toBe(Number(everyone.n));
    const csv = await run(rolloutExport.loader, await requestAs("manager", `/programmes/practice-development/rollouts/${rollout}/export`), { rolloutId: String(rollout) });
    const lines = (csv.data as string).trim().split("\r\n");
    expect(lines.length - 1).toBe(mine.teams.length);
  });
});

describe("batching", () => {
  it("answers readiness, the /me card and rollout progress in the same few queries for ten people or everyone", async () => {
    const ids = (await db().selectFrom("people").select("id").execute()).map((r) => r.id);
    const ctx = pluginContext(plugin, "en-GB");
    const count = async (work: () => Promise<unknown>) => {
      let n = 0;
      const stop = observeQueries(() => (n += 1));
      try {
        await work();
      } finally {
        stop();
      }
      return n;
    };
    const few = await count(() => plugin.readiness!(ctx, ids.slice(0, 10)));
    const all = await count(() => plugin.readiness!(ctx, ids));
    expect(ids.length).toBeGreaterThan(300);
    expect(all).toBe(few);
    expect(all).toBeLessThanOrEqual(8);
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const page = await count(() => run(rolloutPage.loader, new Request("http://localhost/x"), { rolloutId: String(rollout) }).catch(() => undefined));
    expect(page).toBeLessThan(10);
  });

  it("gives one readiness item per rollout per person: not applicable where the rollout does not target them, and agreeing with the progress page", async () => {
    const ctx = pluginContext(plugin, "en-GB");
    const rollout = (await pdDb().selectFrom("practice_development_rollouts").select("id").orderBy("id").executeTakeFirstOrThrow()).id;
    const ids = (await db().selectFrom("people").select("id").where("employment_status", "=", "active").execute()).map((r) => r.id);
    const items = (await plugin.readiness!(ctx, ids)).filter((i) => i.requirementId === `rollout-${rollout}`);
    expect(items).toHaveLength(ids.length);
    const p = await progressAs("ld", rollout);
    expect(items.filter((i) => i.status === "met")).toHaveLength(p.total.covered);
    expect(items.filter((i) => i.status === "in_progress")).toHaveLength(p.total.booked);
    expect(items.filter((i) => i.status === "not_met")).toHaveLength(p.total.notYet);
    expect(items.filter((i) => i.status === "not_applicable")).toHaveLength(ids.length - p.total.total);
  });
});

describe("/me, induction and Signs of Safety", () => {
  it("shows the practitioner what to cover on /me and on the programme page", async () => {
    const ctx = pluginContext(plugin, "en-GB");
    const alex = await personIdOf("practitioner");
    const widget = plugin.widgets!.find((w) => w.id === "briefings")!;
    const card = await widget.load(ctx, { userId: 0, personId: alex, roles: ["practitioner"] }, [alex]);
    expect(card?.rows?.map((r) => r.label)).toEqual(expect.arrayContaining(["What a good assessment looks like (Signs of Safety)", "Pathway plan training"]));
    const page = await run(home.loader, await requestAs("practitioner", "/programmes/practice-development"));
    expect((page.data as { mine: { title: string; status: string }[] }).mine.find((m) => m.title === "Permanence")).toMatchObject({ status: "not_yet" });
  });

  it("builds a new starter's checklist from their role's induction briefings, and shows their manager the line only", async () => {
    const jordan = await personIdOf("asye");
    await db().updateTable("people").set({ employment_start: inDays(-20) }).where("id", "=", jordan).execute();
    const mine = await run(induction.loader, await requestAs("asye", "/programmes/practice-development/induction"));
    const items = (mine.data as { items: { title: string; status: string }[] }).items;
    // An ASYE social worker's induction: a good assessment (frontline roles) and private fostering (everyone);
    // pathway plan training is for social workers, PAs and IROs, not ASYEs; permanence is not in induction.
    expect(items.map((i) => i.title).sort()).toEqual(["Private fostering", "What a good assessment looks like (Signs of Safety)"]);
    const team = await run(inductionTeam.loader, await requestAs("manager", "/programmes/practice-development/induction/team"));
    const rows = (team.data as { rows: { id: number; items: number; done: number }[] }).rows;
    expect(rows.find((r) => r.id === jordan)).toMatchObject({ items: 2, done: 0 });
    const outsider = await addPerson(teamC.id, "social_worker", inDays(-5));
    expect(rows.some((r) => r.id === outsider)).toBe(false);
    const all = await run(inductionTeam.loader, await requestAs("ld", "/programmes/practice-development/induction/team?page=1"));
    expect((all.data as { total: number }).total).toBeGreaterThan(rows.length);
    expect((await run(inductionTeam.action, await requestAs("manager", "/programmes/practice-development/induction/team", post({ days: "30" })))).status).toBe(403);
    expect((await run(inductionTeam.action, await requestAs("ld", "/programmes/practice-development/induction/team", post({ days: "0" })))).status).toBe(400);
  });

  it("enforces the Signs of Safety prerequisites", async () => {
    const course = await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_course").executeTakeFirstOrThrow();
    const book = async () => run(sos.action, await requestAs("practitioner", "/programmes/practice-development/briefings/signs-of-safety", post({ cohort: String(course.cohort_id) })));
    const refused = await book();
    expect(refused.status).toBe(400);
    expect(refused.data).toEqual({ error: "sessions.errors.prerequisite" });
    const intro = await pdDb().selectFrom("practice_development_cohorts").select("cohort_id").where("kind", "=", "sos_intro").executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const [enrolment] = await db().insertInto("enrolments").values({ cohort_id: intro.cohort_id, person_id: await personIdOf("practitioner"), status: "enrolled", waitlist_position: null, reason: null, decided_by: null, requested_by: null, override_reason: null, created_at: now, updated_at: now }).returning("id").execute();
    const session = await db().selectFrom("cohort_sessions").select("id").where("cohort_id", "=", intro.cohort_id).executeTakeFirstOrThrow();
    await db().insertInto("attendance").values({ session_id: session.id, enrolment_id: enrolment.id, status: "present", marked_by: null, marked_at: now }).execute();
    const booked = await book();
    expect(booked.status).toBe(302);
  });
});

describe("switched off", () => {
  it("answers 404 on its pages and leaves /me, /team, readiness and the metrics pack without it", async () => {
    const plugins = await import("../../../app/routes/admin.plugins");
    const metrics = await import("../../../app/routes/admin.reports_.metrics");
    const figureSources = async () => ((await run(metrics.loader, await requestAs("ld", "/admin/reports/metrics"))).data as { rows: { source: string }[] }).rows.map((r) => r.source);
    const me = await import("../../../app/routes/me._index");
    const { readinessFor } = await import("../../../app/services/readiness.server");
    const switchTo = async (enabled: boolean) => {
      const outcome = await run(plugins.action, await requestAs("admin", "/admin/plugins", post({ plugin: "practice-development", enabled: enabled ? "1" : "0" })));
      expect(outcome.data).toMatchObject({ ok: true, enabled });
    };
    await switchTo(false);
    try {
      expect((await run(home.loader, await requestAs("practitioner", "/programmes/practice-development"))).status).toBe(404);
      expect((await run(rollouts.loader, await requestAs("ld", "/programmes/practice-development/rollouts"))).status).toBe(404);
      const mine = await run(me.loader, await requestAs("practitioner", "/me"));
      expect(mine.status).toBe(200);
      expect((mine.data as { widgets: { id: string }[] }).widgets.some((w) => w.id.startsWith("practice-development"))).toBe(false);
      const readiness = await readinessFor([await personIdOf("practitioner")], "en-GB");
      expect([...readiness.values()].flat().some((r) => r.source === "practice-development")).toBe(false);
      const sources = await figureSources();
      expect(sources).toContain("common");
      expect(sources).not.toContain("practice-development");
    } finally {
      await switchTo(true);
    }
    const readiness = await readinessFor([await personIdOf("practitioner")], "en-GB");
    expect([...readiness.values()].flat().some((r) => r.source === "practice-development")).toBe(true);
    expect(await figureSources()).toContain("practice-development");
  });
});
