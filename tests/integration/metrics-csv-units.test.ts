// The key-metrics CSV says what the page says: a percentage carries its unit (75%, not a bare 75 that
// reads as "75 of 4"), every figure has its unit in words, its source is the programme's title in the
// reader's language (never a plugin's id), a figure not recorded says so, and the scope is a cell of its
// own, starting with a capital. In English and in Welsh.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import * as pack from "../../app/routes/admin.reports_.metrics";
import * as packCsv from "../../app/routes/admin.reports_.metrics[.]csv";
import { installedPlugins } from "../../app/plugins.server";
import type { Locale } from "../../app/utils/i18n";
import { fixedT } from "../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

beforeAll(seedDemo);

interface PageRow {
  label: string;
  source: string;
  unit: string;
  value: number | null;
  previous: number | null;
  valueDisplay: string;
  previousDisplay: string;
}

async function pageAndCsv(lng: Locale) {
  const page = (await run(pack.loader, await requestAs("admin", `/admin/reports/metrics?lng=${lng}`))).data as { rows: PageRow[] };
  const csv = (await run(packCsv.loader, await requestAs("admin", `/admin/reports/metrics.csv?lng=${lng}`))).data as string;
  const [header, ...rows] = parse(csv.replace(/^\uFEFF/, "")) as string[][];
  return { page: page.rows, header, rows };
}

describe.each([
  ["en-GB", { unit: "Unit", percent: "Percentage", wholeService: "The whole service", notRecorded: "Not recorded", core: "Core figures" }],
  ["cy", { unit: "Uned", percent: "Canran", wholeService: "Y gwasanaeth cyfan", notRecorded: "Heb ei gofnodi", core: "Ffigurau craidd" }],
] as const)("the key-metrics CSV in %s", (lng, words) => {
  it("gives each figure as the page shows it, a percentage with its sign, and its unit in words", async () => {
    const { page, header, rows } = await pageAndCsv(lng);
    expect(header[3]).toBe(words.unit);
    expect(rows).toHaveLength(page.length);
    const percent = page.filter((r) => r.unit === "percent" && r.value !== null);
    expect(percent.length).toBeGreaterThan(0);
    for (const [i, row] of page.entries()) {
      const [, label, , unit, previous, value] = rows[i];
      // As the page shows it, less any grouping of thousands (which some spreadsheets read as text).
      expect([label, value]).toEqual([row.label, row.valueDisplay.replace(/,/g, "")]);
      expect([label, previous]).toEqual([row.label, row.previousDisplay.replace(/,/g, "")]);
      if (row.unit === "percent") {
        expect(unit).toBe(words.percent);
        if (row.value !== null) expect(value).toMatch(/^\d+(\.\d)?%$/);
      }
    }
  });

  it("says a figure not recorded is not recorded, as the page does", async () => {
    const { page, rows } = await pageAndCsv(lng);
    const missing = page.flatMap((row, i) => (row.previous === null ? [rows[i][4]] : []));
    expect(missing.length).toBeGreaterThan(0);
    expect(new Set(missing)).toEqual(new Set([words.notRecorded]));
  });

  it("names each source by its title in the reader's language, never by a plugin's id, and starts the scope with a capital", async () => {
    const { page, rows } = await pageAndCsv(lng);
    const ids = new Set(["common", ...installedPlugins().map((p) => p.id)]);
    expect(rows.flat().filter((cell) => ids.has(cell))).toEqual([]);
    const titles = new Map(installedPlugins().map((p) => [p.id, fixedT(lng, p.id)(p.titleKey)]));
    expect(rows.map((r) => r[2])).toEqual(page.map((r) => titles.get(r.source) ?? words.core));
    expect(rows.some((r) => r[2] === words.core)).toBe(true);
    expect(new Set(rows.map((r) => r[0]))).toEqual(new Set([words.wholeService]));
  });
});
