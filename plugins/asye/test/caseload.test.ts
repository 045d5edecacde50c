// The protected caseload rule on the source's figures (ASYE 19.6 against 20.1 with a 90% share is over
// the line of 18.09; a worker exactly at the limit is not flagged), the seeded demo weeks, who sees whom,
// and the settings' validation, through the real loaders and actions on a migrated, seeded database.
import { sql } from "kysely";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../../app/services/audit.server";
import { db } from "../../../app/utils/db.server";
import { fixedT } from "../../../app/utils/i18n.server";
import { peopleScope, scopedPeople } from "../../../app/utils/permissions.server";
import { personIdOf, requestAs, seedDemo, userIdOf } from "../../../tests/support/fixtures";
import { run } from "../../../tests/support/route";
import { onPostgres } from "../../../tests/support/test-database";
import { TrendChart } from "../caseload/components/TrendChart";
import { ASYE_STAGE, DEFAULT_CASELOAD_SETTINGS } from "../caseload/constants";
import { checkForWeek, importedWeeks } from "../caseload/server/check.server";
import { caseloadDb } from "../caseload/server/db.server";
import { importCaseloads } from "../caseload/server/import.server";
import { checkWeek, isOverLimit } from "../caseload/server/rule";
import { caseloadsWithAverage, reportedCount, SEEDED_TREND } from "../caseload/server/seed.server";
import { caseloadSettings, saveCaseloadSettings } from "../caseload/server/settings.server";
import { addWeeks } from "../caseload/server/weeks";
import { caseloadCsv, ensureCaseloadPlugin, peopleAtStage } from "./caseload-support";

// Weeks of figures made up by the tests, well before the seeded twelve but inside the trend's year.
let SOURCE_WEEK = "";
let AT_LIMIT_WEEK = "";

describe("the rule in whole numbers", () => {
  it("puts the source's ASYE average of 19.6 over the line of 90% of 20.1 (18.09)", () => {
    const check = checkWeek({ weekOf: "2025-01-06", experiencedCases: 201, experiencedPeople: 10, asyeCases: 98, asyePeople: 5 }, 90);
    expect(check.experiencedAverage).toBeCloseTo(20.1, 10);
    expect(check.asyeAverage).toBeCloseTo(19.6, 10);
    expect(check.limit).toBeCloseTo(18.09, 10);
    expect(check.asyeOverLine).toBe(true);
    // With the week before (19.1 against 20.9, limit 18.81) it was over too; at 95% it would not be.
    expect(checkWeek({ weekOf: "2025-01-06", experiencedCases: 209, experiencedPeople: 10, asyeCases: 191, asyePeople: 10 }, 90).asyeOverLine).toBe(true);
    expect(checkWeek({ weekOf: "2025-01-06", experiencedCases: 201, experiencedPeople: 10, asyeCases: 98, asyePeople: 5 }, 98).asyeOverLine).toBe(false);
  });

  it("never flags a worker exactly at the limit, whatever floating point would say", () => {
    expect(isOverLimit(18, { experiencedCases: 200, experiencedPeople: 10 }, 90)).toBe(false);
    expect(isOverLimit(19, { experiencedCases: 200, experiencedPeople: 10 }, 90)).toBe(true);
    // 0.7 x 30 is 20.999999999999996 in floating point; 21 cases is exactly at the limit.
    expect(isOverLimit(21, { experiencedCases: 30, experiencedPeople: 1 }, 70)).toBe(false);
    expect(isOverLimit(5, { experiencedCases: 0, experiencedPeople: 0 }, 90)).toBe(false);
  });

  it("picks how many people a week lists so whole caseloads average exactly, and builds such caseloads", () => {
    expect(reportedCount(27, 196)).toBe(25);
    expect(reportedCount(27, 191)).toBe(20);
    expect(reportedCount(178, 201)).toBe(170);
    expect(reportedCount(3, 191)).toBe(3);
    let seed = 0.1;
    const random = () => (seed = (seed * 9301 + 0.49297) % 1);
    const values = caseloadsWithAverage(25, 196, random, 5, 23);
    expect(values).toHaveLength(25);
    expect(values[0]).toBe(23);
    expect(values.reduce((a, b) => a + b, 0)).toBe(490);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1);
  });
});

describe("the caseload pages and check on real data", () => {
  beforeAll(async () => {
    await ensureCaseloadPlugin();
    await seedDemo();
    const [latest] = await importedWeeks(1);
    SOURCE_WEEK = addWeeks(latest, -20);
    AT_LIMIT_WEEK = addWeeks(latest, -21);
  });

  it("seeds twelve weeks whose latest reproduces the source exactly: 19.6 against 20.1, the week before 19.1 against 20.9", async () => {
    const weeks = await importedWeeks(52);
    expect(weeks).toHaveLength(SEEDED_TREND.asye.length);
    const [latest, previous] = weeks;
    expect(previous).toBe(addWeeks(latest, -1));
    const settings = await caseloadSettings();
    const now = await checkForWeek(settings, latest);
    expect(now.asyeCases / now.asyePeople).toBe(19.6);
    expect(now.experiencedCases / now.experiencedPeople).toBe(20.1);
    expect(now.limit).toBeCloseTo(18.09, 10);
    expect(now.asyeOverLine).toBe(true);
    const before = await checkForWeek(settings, previous);
    expect(before.asyeCases / before.asyePeople).toBe(19.1);
    expect(before.experiencedCases / before.experiencedPeople).toBe(20.9);
    // The counts come from the people seeded: everyone at the ASYE stage, less as few as make the average exact.
    const asyeNow = await db().selectFrom("people").select((eb) => eb.fn.countAll<number>().as("n")).where("career_stage", "=", ASYE_STAGE).executeTakeFirstOrThrow();
    expect(now.asyePeople).toBe(reportedCount(Number(asyeNow.n), 196));
  });

  it("shows the latest week's check with its averages, limit and verdict", async () => {
    const page = await import("../routes/caseload");
    const outcome = await run(page.loader, await requestAs("ld", "/programmes/asye/caseload"));
    expect(outcome.status).toBe(200);
    const data = outcome.data as { check: { asyeAverage: string; experiencedAverage: string; limit: string; asyeOverLine: boolean }; flagged: { total: number } };
    expect(data.check).toMatchObject({ asyeAverage: "19.6", experiencedAverage: "20.1", limit: "18.09", asyeOverLine: true });
    expect(data.flagged.total).toBeGreaterThan(0);
  });

  it("flags on the source's figures, and does not flag a worker exactly at the limit", async () => {
    const experienced = await peopleAtStage("social_worker", 10);
    const asye = await peopleAtStage(ASYE_STAGE, 5);
    const source = caseloadCsv([
      ...experienced.map((p, i) => [p.employee_number, SOURCE_WEEK, i === 0 ? 21 : 20] as [string, string, number]),
      ...asye.map((p, i) => [p.employee_number, SOURCE_WEEK, [22, 21, 20, 18, 17][i]] as [string, string, number]),
    ]);
    const atLimit = caseloadCsv([
      ...experienced.map((p) => [p.employee_number, AT_LIMIT_WEEK, 20] as [string, string, number]),
      ...asye.slice(0, 3).map((p, i) => [p.employee_number, AT_LIMIT_WEEK, [18, 19, 17][i]] as [string, string, number]),
    ]);
    expect((await importCaseloads(source, SYSTEM_ACTOR)).ok).toBe(true);
    expect((await importCaseloads(atLimit, SYSTEM_ACTOR)).ok).toBe(true);

    const page = await import("../routes/caseload.highest");
    const sourceWeek = await run(page.loader, await requestAs("ld", `/programmes/asye/caseload/highest?week=${SOURCE_WEEK}`));
    const sourceData = sourceWeek.data as { check: { asyeAverage: string; experiencedAverage: string; limit: string; asyeOverLine: boolean }; list: { workers: { personId: number; cases: number; overLimit: boolean }[] } };
    expect(sourceData.check).toMatchObject({ asyeAverage: "19.6", experiencedAverage: "20.1", limit: "18.09", asyeOverLine: true });
    expect(sourceData.list.workers.map((w) => [w.cases, w.overLimit])).toEqual([[22, true], [21, true], [20, true], [18, false], [17, false]]);

    const check = await import("../routes/caseload");
    const limitWeek = await run(check.loader, await requestAs("ld", `/programmes/asye/caseload?week=${AT_LIMIT_WEEK}`));
    const limitData = limitWeek.data as { check: { limit: string; asyeAverage: string; asyeOverLine: boolean }; flagged: { workers: { personId: number; cases: number }[] } };
    expect(limitData.check).toMatchObject({ limit: "18", asyeAverage: "18.0", asyeOverLine: false });
    expect(limitData.flagged.workers.map((w) => [w.personId, w.cases])).toEqual([[asye[1].id, 19]]);
  });

  it("shows a manager only the ASYE workers in their line, L&D everyone, and a practitioner nothing", async () => {
    const page = await import("../routes/caseload.highest");
    const asManager = (await run(page.loader, await requestAs("manager", "/programmes/asye/caseload/highest"))).data as { list: { total: number; workers: { personId: number }[] }; units: unknown[] };
    const asLd = (await run(page.loader, await requestAs("ld", "/programmes/asye/caseload/highest"))).data as { list: { total: number }; units: { id: number }[] };
    const manager = await personIdOf("manager");
    const line = new Set((await scopedPeople(peopleScope({ userId: await userIdOf("manager"), personId: manager, roles: ["manager"] })).select("people.id").execute()).map((r) => r.id));
    expect(asManager.list.total).toBeGreaterThan(0);
    expect(asManager.list.total).toBeLessThan(asLd.list.total);
    expect(asManager.list.workers.every((w) => line.has(w.personId))).toBe(true);
    // The demo ASYE account is in the demo manager's team and over the line in the seeded latest week.
    expect(asManager.list.workers.map((w) => w.personId)).toContain(await personIdOf("asye"));
    // Filtering by locality or service is for those who see everyone.
    expect(asManager.units).toEqual([]);
    expect(asLd.units.length).toBeGreaterThan(0);
    const filtered = (await run(page.loader, await requestAs("ld", `/programmes/asye/caseload/highest?unit=${asLd.units[0].id}`))).data as { list: { total: number } };
    expect(filtered.list.total).toBeLessThan(asLd.list.total);

    const check = await import("../routes/caseload");
    const flagged = (await run(check.loader, await requestAs("manager", "/programmes/asye/caseload"))).data as { flagged: { workers: { personId: number }[] } };
    expect(flagged.flagged.workers.every((w) => line.has(w.personId))).toBe(true);
    for (const path of ["/programmes/asye/caseload", "/programmes/asye/caseload/highest", "/programmes/asye/caseload/trend"]) {
      const route = path.endsWith("highest") ? page : path.endsWith("trend") ? await import("../routes/caseload.trend") : check;
      expect((await run(route.loader, await requestAs("practitioner", path))).status).toBe(403);
      expect((await run(route.loader, await requestAs("asye", path))).status).toBe(403);
    }
  });

  it("answers 404 for a week that is not a Monday or has no figures, and ignores an odd page or unit", async () => {
    const check = await import("../routes/caseload");
    for (const week of ["2025-01-07", "2025-13-01", "not-a-date", "2020-01-06"]) {
      expect((await run(check.loader, await requestAs("ld", `/programmes/asye/caseload?week=${week}`))).status).toBe(404);
    }
    const highest = await import("../routes/caseload.highest");
    expect((await run(highest.loader, await requestAs("ld", "/programmes/asye/caseload/highest?page=-3&unit=abc"))).status).toBe(200);
  });

  it("draws the trend for every week with the flagged counts in the viewer's scope", async () => {
    const trend = await import("../routes/caseload.trend");
    const asLd = (await run(trend.loader, await requestAs("ld", "/programmes/asye/caseload/trend"))).data as { weeks: { weekOf: string; asyeText: string; experiencedText: string; limitText: string; overLine: boolean; flagged: number }[]; chartDescription: string };
    const last = asLd.weeks[asLd.weeks.length - 1];
    expect(last).toMatchObject({ asyeText: "19.6", experiencedText: "20.1", limitText: "18.09", overLine: true });
    expect(asLd.weeks.find((w) => w.weekOf === SOURCE_WEEK)).toMatchObject({ flagged: 3 });
    expect(asLd.chartDescription).toContain("19.6");
    const asManager = (await run(trend.loader, await requestAs("manager", "/programmes/asye/caseload/trend"))).data as { weeks: { weekOf: string; flagged: number }[] };
    const managerLast = asManager.weeks[asManager.weeks.length - 1];
    expect(managerLast.flagged).toBeGreaterThan(0);
    expect(managerLast.flagged).toBeLessThan(last.flagged);
  });

  it("tells the ASYE and experienced lines apart by marker shape, in the plot and the legend, not by colour alone", async () => {
    const trend = await import("../routes/caseload.trend");
    const page = (await run(trend.loader, await requestAs("ld", "/programmes/asye/caseload/trend"))).data as { weeks: { experienced: number | null; asye: number | null; limit: number | null }[]; axisLabels: string[]; chartDescription: string };
    const series = trend.trendSeries(fixedT("en-GB", "asye"), page.weeks);
    const html = renderToStaticMarkup(createElement(TrendChart, { title: "Caseload trend", description: page.chartDescription, labels: page.axisLabels, series })).replace(/&#x27;/g, "'");
    // The innermost groups: one per series in the plot (its line and markers), one per legend entry.
    const groups = [...html.matchAll(/<g>((?:(?!<\/?g[ >]).)*)<\/g>/g)].map((m) => m[1]);
    const shapesIn = (group: string) => [...group.matchAll(/<(circle|rect|polygon|path)\b/g)].map((m) => m[1]);
    const plotShapes = (colour: string) => shapesIn(groups.find((g) => g.startsWith("<polyline") && g.includes(`stroke="${colour}"`))!);
    const legendShapes = (label: string) => shapesIn(groups.find((g) => g.includes(`>${label}</text>`))!);
    const [experienced, asye] = ["experienced", "asye"].map((key) => series.find((s) => s.key === key)!);
    const pointsOf = (values: (number | null)[]) => values.filter((v) => v !== null).length;
    expect(plotShapes(experienced.colour)).toEqual(Array(pointsOf(experienced.values)).fill("circle"));
    expect(plotShapes(asye.colour)).toEqual(Array(pointsOf(asye.values)).fill("rect"));
    expect(legendShapes(experienced.label)).toEqual(["circle"]);
    expect(legendShapes(asye.label)).toEqual(["rect"]);
  });

  it("validates the settings, saves a good change with an audit event, and the check follows it", async () => {
    const settings = await import("../routes/caseload.settings");
    const post = async (fields: [string, string][], as: "ld" | "practitioner" = "ld") => {
      const body = new URLSearchParams(fields);
      return run(settings.action, await requestAs(as, "/programmes/asye/caseload/settings", { method: "POST", body }));
    };
    const stages = (code: string) => ["experiencedStages", code] as [string, string];
    const cases: [[string, string][], string, string][] = [
      [[["sharePercent", ""], stages("social_worker")], "sharePercent", "caseload.settings.errors.share"],
      [[["sharePercent", "abc"], stages("social_worker")], "sharePercent", "caseload.settings.errors.share"],
      [[["sharePercent", "0"], stages("social_worker")], "sharePercent", "caseload.settings.errors.share"],
      [[["sharePercent", "101"], stages("social_worker")], "sharePercent", "caseload.settings.errors.share"],
      [[["sharePercent", "90.5"], stages("social_worker")], "sharePercent", "caseload.settings.errors.share"],
      [[["sharePercent", "90"]], "experiencedStages", "caseload.settings.errors.stages"],
      [[["sharePercent", "90"], stages(ASYE_STAGE)], "experiencedStages", "caseload.settings.errors.asyeStage"],
      [[["sharePercent", "90"], stages("no_such_stage")], "experiencedStages", "caseload.settings.errors.unknownStage"],
      [[["sharePercent", "90"], stages("Robert'); drop table people;--")], "experiencedStages", "caseload.settings.errors.stages"],
    ];
    for (const [fields, field, key] of cases) {
      const outcome = await post(fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect(JSON.stringify((outcome.data as { error: Record<string, string[]> }).error[field] ?? (outcome.data as { error: Record<string, string[]> }).error)).toContain(key);
    }
    expect(await caseloadSettings()).toEqual(DEFAULT_CASELOAD_SETTINGS);
    expect((await post([["sharePercent", "95"], stages("social_worker")], "practitioner")).status).toBe(403);

    const saved = await post([["sharePercent", "95"], stages("social_worker"), stages("senior_practitioner")]);
    expect(saved.status).toBe(303);
    expect(await caseloadSettings()).toEqual({ sharePercent: 95, experiencedStages: ["social_worker", "senior_practitioner"] });
    const audit = await db().selectFrom("audit_events").select(["action", "subject_id", "after_json"]).where("action", "=", "setting.changed").where("subject_id", "like", "asye.caseload.%").execute();
    expect(audit.map((a) => a.subject_id).sort()).toEqual(["asye.caseload.experiencedStages", "asye.caseload.sharePercent"]);
    // On the source's week only the ten social workers count, so the limit is 95% of 20.1.
    expect((await checkForWeek(await caseloadSettings(), SOURCE_WEEK)).limit).toBeCloseTo(19.095, 10);
    const page = (await run(settings.loader, await requestAs("ld", "/programmes/asye/caseload/settings?saved=1"))).data as { saved: boolean; stages: { value: string }[] };
    expect(page.saved).toBe(true);
    expect(page.stages.map((s) => s.value)).not.toContain(ASYE_STAGE);
    await saveCaseloadSettings(DEFAULT_CASELOAD_SETTINGS, SYSTEM_ACTOR);
  });

  it("finds a manager's ASYE workers in a week by seeking each person, not reading the country's week", async () => {
    if (onPostgres()) {
      // On the small demo table the planner may scan; what a national table needs is the index itself.
      const { rows } = await sql<{ indexdef: string }>`select indexdef from pg_indexes where indexname = 'asye_caseload_figures_week_stage_person_idx'`.execute(db());
      expect(rows.map((r) => r.indexdef)).toEqual([expect.stringMatching(/\(week_of, career_stage, person_id, cases\)/)]);
    } else {
      const { rows } = await sql<{ detail: string }>`explain query plan select count(*) from asye_caseload_figures where week_of = ${"2026-11-23"} and career_stage = ${ASYE_STAGE} and person_id in (${sql.join([1, 2, 3])})`.execute(db());
      expect(rows.map((r) => r.detail).join("\n")).toContain("INDEX asye_caseload_figures_week_stage_person_idx (week_of=? AND career_stage=? AND person_id=?)");
    }
  });

  it("counts the ASYE workers over the line on the team and admin widgets, and exports a person's own figures", async () => {
    const { caseloadWidgets, caseloadPersonalData } = await import("../caseload");
    const { pluginContext } = await import("../../../app/services/plugin-context.server");
    const { findInstalledPlugin } = await import("../../../app/plugins.server");
    const ctx = pluginContext(findInstalledPlugin("asye")!, "en-GB");
    const manager = await personIdOf("manager");
    const line = (await scopedPeople({ kind: "reports", managerId: manager }).select("people.id").execute()).map((r) => r.id);
    const viewer = { userId: await userIdOf("manager"), personId: manager, roles: ["manager" as const] };
    const team = await caseloadWidgets.find((w) => w.dashboard === "team")!.load(ctx, viewer, line);
    const admin = await caseloadWidgets.find((w) => w.dashboard === "admin")!.load(ctx, { ...viewer, roles: ["admin"] }, []);
    const [latest] = await importedWeeks(1);
    const all = await caseloadDb().selectFrom("asye_caseload_figures").select("person_id").where("week_of", "=", latest).where("career_stage", "=", ASYE_STAGE).where("cases", ">", 18).execute();
    const inLine = all.filter((f) => line.includes(f.person_id));
    expect(admin?.body).toContain(`: ${all.length}. Case limit: 18.09.`);
    expect(team?.body).toContain(`: ${inLine.length}. Case limit: 18.09.`);
    // The Welsh card names the case limit as the English does, in a sentence of its own after the count.
    const welshTeam = await caseloadWidgets.find((w) => w.dashboard === "team")!.load(pluginContext(findInstalledPlugin("asye")!, "cy"), viewer, line);
    expect(welshTeam?.body).toMatch(new RegExp(`: ${inLine.length}\\. Terfyn achosion: 18\\.09\\.$`));
    const mine = await caseloadPersonalData(ctx, await personIdOf("asye"));
    expect(mine.caseload_weeks.length).toBeGreaterThan(0);
    expect(mine.caseload_weeks[mine.caseload_weeks.length - 1]).toMatchObject({ week_of: latest, cases: 23 });
  });

  it("names no limit on the widget for a week without experienced workers' figures, in English and Welsh", async () => {
    const { caseloadWidgets } = await import("../caseload");
    const { pluginContext } = await import("../../../app/services/plugin-context.server");
    const { findInstalledPlugin } = await import("../../../app/plugins.server");
    const admin = { userId: await userIdOf("admin"), personId: await personIdOf("admin"), roles: ["admin" as const] };
    const widget = caseloadWidgets.find((w) => w.dashboard === "admin")!;
    // Counting only a stage nobody holds leaves the week with no experienced average to take a share of.
    await saveCaseloadSettings({ ...DEFAULT_CASELOAD_SETTINGS, experiencedStages: ["principal_social_worker_nobody_holds"] }, SYSTEM_ACTOR);
    try {
      const english = await widget.load(pluginContext(findInstalledPlugin("asye")!, "en-GB"), admin, []);
      expect(english?.body).toMatch(/: \d+\. No experienced social workers' figures that week, so no case limit\.$/);
      const welsh = await widget.load(pluginContext(findInstalledPlugin("asye")!, "cy"), admin, []);
      expect(welsh?.body).toMatch(/: \d+\. Dim ffigurau gan weithwyr cymdeithasol profiadol yr wythnos honno, felly dim terfyn achosion\.$/);
    } finally {
      await saveCaseloadSettings(DEFAULT_CASELOAD_SETTINGS, SYSTEM_ACTOR);
    }
  });
});
