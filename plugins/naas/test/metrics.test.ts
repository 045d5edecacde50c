// NAAS in the quarterly key-metrics pack: how many people are in each readiness band, worked out a batch
// of people at a time, agrees with the readiness engine person by person, whatever the batch.
import { beforeAll, describe, expect, it } from "vitest";
import { pluginContext } from "../../../app/services/plugin-context.server";
import { readinessFor, readinessScore } from "../../../app/services/readiness.server";
import { db } from "../../../app/utils/db.server";
import { READINESS_BANDS, readinessBand } from "../../../app/utils/readiness-bands";
import { seedDemo } from "../../../tests/support/fixtures";
import naas from "../plugin";
import { PLUGIN_ID } from "../programme";
import { bandCounts } from "../server/metrics.server";

beforeAll(seedDemo);

const wholeService = { start: "2026-10-01", end: "2026-12-31", teamIds: null, current: true };

async function bandsFromTheEngine() {
  const everyone = (await db().selectFrom("people").select("id").execute()).map((p) => p.id);
  const counts = new Map<string, number>(READINESS_BANDS.map((b) => [b, 0]));
  for (const items of (await readinessFor(everyone, "en-GB")).values()) {
    const score = readinessScore(items.filter((i) => i.source === PLUGIN_ID));
    if (score !== null) counts.set(readinessBand(score), counts.get(readinessBand(score))! + 1);
  }
  return counts;
}

describe("NAAS readiness bands in the metrics pack", () => {
  it("count each person the accreditation is for once, as the readiness engine bands them", async () => {
    const counts = await bandCounts(pluginContext(naas, "en-GB"), wholeService);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(10);
    expect(counts).toEqual(await bandsFromTheEngine());
  });

  it("come to the same counts in small batches as in one", async () => {
    const ctx = pluginContext(naas, "en-GB");
    expect(await bandCounts(ctx, wholeService, 7)).toEqual(await bandCounts(ctx, wholeService));
  });
});
