// The key-metrics CSV says what the page says: a percentage carries its unit (75%, not a bare 75 that
// reads as "75 of 4"), every figure has its unit in words, its source is the programme's title in the
// reader's language (never a plugin's id), a figure not recorded says so, and the scope is a cell of its
// own, starting with a capital. No number is grouped by thousands, not even the change's amount among
// its words. In English and in Welsh.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import * as pack from "../../app/routes/admin.reports_.metrics";
import * as packCsv from "../../app/routes/admin.reports_.metrics[.]csv";
import { installedPlugins } from "../../app/plugins.server";
import type { Locale } from "../../app/utils/i18n";
import { db } from "../../app/utils/db.server";
import { fixedT } from "../../app/utils/i18n.server";
import { requestAs, seedDemo } from "../support/fixtures";
import { run } from "../support/route";

/** A quarter nothing happened in, whose waiting list the snapshots say grew by thousands. */
const GROWN = "2000-Q2";
const WAITING = "common:leadership.waiting";

beforeAll(async () => {
  await seedDemo();
  await db()
    .insertInto("metric_snapshots")
    .values([
      { quarter: "2000-Q1", scope_key: "all", metric_key: WAITING, value: 1.5, recorded_at: "2000-03-31T02:00:00.000Z" },
      { quarter: GROWN, scope_key: "all", metric_key: WAITING, value: 1235.9, recorded_at: "2000-06-30T02:00:00.000Z" },
    ])
    .execute();
});

interface PageRow {
  label: string;
  source: string;
  unit: string;
  value: number | null;
  previous: number | null;
  valueDisplay: string;
  previousDisplay: string;
  key: string;
  change: number | null;
  changeDisplay: string;
}

async function pageAndCsv(lng: Locale, quarter = "") {
  const query = `?lng=${lng}${quarter && `&quarter=${quarter}`}`;
  const page = (await run(pack.loader, await requestAs("admin", `/admin/reports/metrics${query}`))).data as { rows: PageRow[] };
  const csv = (await run(packCsv.loader, await requestAs("admin", `/admin/reports/metrics.csv${query}`))).data as string;
  const [header, ...rows] = parse(csv.replace(/^\uFEFF/, "")) as string[][];
  return { page: page.rows, header, rows };
}

describe.each([
  ["en-GB", { unit: "Unit", percent: "Percentage", wholeService: "The whole service", notRecorded: "Not recorded", core: "Core figures", grown: "Up 1234.4 (worse)" }],
  ["cy", { unit: "Uned", percent: "Canran", wholeService: "Y gwasanaeth cyfan", notRecorded: "Heb ei gofnodi", core: "Ffigurau craidd", grown: "I fyny 1234.4 (gwaeth)" }],
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

  it("writes the change's amount as the figures beside it are, not grouped by thousands, in the page's words", async () => {
    const { page, rows } = await pageAndCsv(lng, GROWN);
    const i = page.findIndex((r) => r.key === WAITING);
    expect(page[i].change).toBe(1234.4);
    expect(rows[i].slice(4)).toEqual(["1.5", "1235.9", words.grown]);
    // The page groups it, as it groups every number.
    expect(page[i].changeDisplay).toBe(words.grown.replace("1234", "1,234"));
    // Every other change says what the page says.
    for (const [j, row] of page.entries()) if (j !== i) expect(rows[j][6]).toBe(row.changeDisplay.replace(/(\d),(?=\d{3})/g, "$1"));
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
