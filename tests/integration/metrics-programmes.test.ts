// Every enabled programme's part of the quarterly key-metrics pack on the demo organisation, including the
// source's caseload figures: in the latest week ASYE workers average 19.6 cases against 20.1.
import { beforeAll, describe, expect, it } from "vitest";
import { metricsPack } from "../../app/services/metrics/metrics.server";
import { quarterOf } from "../../app/services/metrics/quarters";
import { enabledPlugins } from "../../app/plugins.server";
import { db, observeQueries } from "../../app/utils/db.server";
import { seedDemo } from "../support/fixtures";

beforeAll(seedDemo);

const today = new Date().toISOString().slice(0, 10);

describe("the pack on the demo organisation", () => {
  it("has figures from every enabled programme that contributes them", async () => {
    const rows = await metricsPack(quarterOf(today), "all", "en-GB", today);
    const sources = new Set(rows.map((r) => r.source));
    for (const plugin of (await enabledPlugins()).filter((p) => p.metrics)) expect(sources, plugin.id).toContain(plugin.id);
    expect(sources).toContain("common");
  });

  it("shows the source's caseload averages for the latest week, and the ASYE workers over the line", async () => {
    const rows = await metricsPack(quarterOf(today), "all", "en-GB", today);
    const value = (key: string) => rows.find((r) => r.key === key)?.value;
    expect(value("asye:caseload.asyeAverage")).toBe(19.6);
    expect(value("asye:caseload.experiencedAverage")).toBe(20.1);
    expect(value("asye:caseload.overLine")).toBeGreaterThan(0);
  });

  it("shows each running briefing rollout's coverage today", async () => {
    const rows = await metricsPack(quarterOf(today), "all", "en-GB", today);
    const coverage = rows.filter((r) => r.source === "practice-development" && r.key.includes(":rollout-"));
    expect(coverage.length).toBeGreaterThan(0);
    for (const row of coverage) {
      expect(row.label).toMatch(/^Briefing coverage: .+ \(target \d+%\)$/);
      expect(row.value).toBeGreaterThanOrEqual(0);
      expect(row.value).toBeLessThanOrEqual(100);
    }
  });

  it("costs a fixed number of queries, whatever the number of people: none per person", async () => {
    const count = async (scope: string) => {
      let queries = 0;
      const stop = observeQueries(() => (queries += 1));
      try {
        await metricsPack(quarterOf(today), scope, "en-GB", today);
      } finally {
        stop();
      }
      return queries;
    };
    const locality = await db().selectFrom("org_units").select("id").where("kind", "=", "locality").orderBy("id").executeTakeFirstOrThrow();
    const whole = await count("all");
    // A locality (a third of the people) costs exactly one more: finding its teams. Its figures are then
    // counted over those teams, as the whole service's are over everyone.
    expect(await count(String(locality.id))).toBe(whole + 1);
    expect(whole).toBeLessThan(150);
  });
});
