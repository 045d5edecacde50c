// The key-metrics pack for a quarter in which no caseload week was reported: the caseload figures are "not
// recorded", and their labels name no week. They used to be the weekly labels without a week, so the page
// and the CSV printed "(week of {{week}})".
import { beforeAll, describe, expect, it } from "vitest";
import { metricsPack } from "../../../app/services/metrics/metrics.server";
import { quarter } from "../../../app/services/metrics/quarters";
import { seedDemo } from "../../../tests/support/fixtures";

beforeAll(seedDemo);

// A quarter long before the demo's caseload figures begin.
const QUARTER = quarter(2001, 1);

describe("caseload figures in a quarter with no week reported", () => {
  it.each(["en-GB", "cy"] as const)("are labelled without a week and left unrecorded, in %s", async (locale) => {
    const rows = (await metricsPack(QUARTER, "all", locale, "2001-03-31")).filter((r) => r.key.startsWith("asye:caseload."));
    expect(rows.map((r) => r.key).sort()).toEqual(["asye:caseload.asyeAverage", "asye:caseload.experiencedAverage", "asye:caseload.overLine"]);
    for (const row of rows) {
      expect(row.value).toBeNull();
      expect(row.label).not.toContain("{{");
      expect(row.label).toContain(locale === "cy" ? "dim wythnos" : "no week reported");
    }
    expect(rows.find((r) => r.key === "asye:caseload.overLine")!.label).toMatch(/\d+%/);
  });
});
