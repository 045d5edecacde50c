// What the benchmark found, checked against the targets of issue 9, as a table for people or one JSON object.
import type { Dataset } from "./dataset";
import type { PageFigures } from "./measure";

export const TARGETS = { minRatio: 0.5, maxP99Ms: 100, maxRssMb: 300, maxImportSeconds: 10, maxBulkEnrolSeconds: 1 };

export interface Operations {
  staff_import: { seconds: number; rows: number; updated: number };
  bulk_enrolment: { seconds: number; people: number; enrolled: number };
  readiness: { seconds: number; people: number };
}

export interface PageResult extends PageFigures {
  name: string;
  path: string;
  account: string;
  ratio: number;
}

/** The floor a run compares its pages with, and the throughput of each of its two measurements. */
export type Floor = PageFigures & { path: string; rps_measured: number[] };

export interface BenchReport {
  dataset: { people: number; cohorts: number; attendance: number; seed_seconds: number };
  floor: Floor;
  pages: PageResult[];
  /** The whole server: with several workers, all of its processes together. */
  rss_mb: number;
  rss_mb_largest_process: number;
  operations: Operations;
  settings: { connections: number; warmup_s: number; duration_s: number; database: string; workers: number };
  misses: string[];
}

/**
 * Of the floor's two measurements, before the pages and after them, the faster. Measured only first, on a
 * server still warming up, the floor read below pages that do more than it (`/programmes` at 1.8 times
 * the floor), which flattered every page's ratio; the faster of the two can only make a ratio smaller.
 * A measurement with errors (a lost session's cheap redirects) is not the floor while the other has none.
 */
export function floorOf(path: string, first: PageFigures, last: PageFigures): Floor {
  const clean = [first, last].filter((m) => m.errors === 0);
  const faster = (clean.length > 0 ? clean : [first, last]).reduce((best, m) => (m.rps > best.rps ? m : best));
  return { path, ...faster, errors: first.errors + last.errors, rps_measured: [first.rps, last.rps] };
}

/** A page's throughput as a share of the floor's, to two places. */
export const ratioTo = (floor: PageFigures, page: PageFigures) => (floor.rps > 0 ? Math.round((page.rps / floor.rps) * 100) / 100 : 0);

// Rounded down, so a page that misses never prints as the target itself (0.4996 as 0.499, not 0.5).
const missedRatio = (floor: PageFigures, page: PageFigures) => (floor.rps > 0 ? Math.floor((page.rps / floor.rps) * 1000) / 1000 : 0);

export function targetMisses(report: Omit<BenchReport, "misses">): string[] {
  const misses: string[] = [];
  if (report.floor.errors > 0) misses.push(`floor: ${report.floor.errors} answers were not 2xx, so no ratio can be trusted`);
  for (const page of report.pages) {
    if (page.errors > 0) misses.push(`${page.name}: ${page.errors} answers were not 2xx`);
    // Against the throughputs, not the ratio rounded for the table: 0.498 of the floor shows as 0.5 but misses.
    if (page.rps < report.floor.rps * TARGETS.minRatio) misses.push(`${page.name}: ${missedRatio(report.floor, page)} of the floor's throughput (target ${TARGETS.minRatio})`);
    if (page.p99_ms >= TARGETS.maxP99Ms) misses.push(`${page.name}: p99 ${page.p99_ms} ms (target under ${TARGETS.maxP99Ms})`);
  }
  if (report.rss_mb >= TARGETS.maxRssMb) misses.push(`server: ${report.rss_mb} MB resident (target under ${TARGETS.maxRssMb})`);
  if (report.operations.staff_import.seconds >= TARGETS.maxImportSeconds) misses.push(`staff import: ${report.operations.staff_import.seconds} s (target under ${TARGETS.maxImportSeconds})`);
  if (report.operations.bulk_enrolment.seconds >= TARGETS.maxBulkEnrolSeconds) misses.push(`bulk enrolment: ${report.operations.bulk_enrolment.seconds} s (target under ${TARGETS.maxBulkEnrolSeconds})`);
  return misses;
}

export function datasetFigures(dataset: Dataset) {
  return { people: dataset.people, cohorts: dataset.cohorts, attendance: dataset.attendance, seed_seconds: Math.round(dataset.seedSeconds * 10) / 10 };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

export function table(report: BenchReport): string {
  const n = (value: number) => value.toLocaleString("en-GB");
  const lines = [
    `Dataset: ${n(report.dataset.people)} people, ${n(report.dataset.cohorts)} cohorts, ${n(report.dataset.attendance)} attendance marks (seeded in ${report.dataset.seed_seconds} s)`,
    `Load: ${report.settings.connections} connections, ${report.settings.warmup_s} s warm-up, ${report.settings.duration_s} s measured, on ${report.settings.database}${report.settings.workers > 1 ? `, ${report.settings.workers} workers` : ""}`,
    "",
    `${"page".padEnd(30)}${pad("req/s", 9)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("ratio", 8)}${pad("errors", 8)}  path`,
    `${"floor".padEnd(30)}${pad(report.floor.rps, 9)}${pad(report.floor.p50_ms, 9)}${pad(report.floor.p99_ms, 9)}${pad("1", 8)}${pad(report.floor.errors, 8)}  ${report.floor.path} (the faster of ${report.floor.rps_measured.join(" and ")} req/s, measured first and last)`,
    ...report.pages.map((p) => `${p.name.padEnd(30)}${pad(p.rps, 9)}${pad(p.p50_ms, 9)}${pad(p.p99_ms, 9)}${pad(p.ratio, 8)}${pad(p.errors, 8)}  ${p.path} (${p.account})`),
    "",
    `Server resident memory, highest seen: ${report.rss_mb} MB${report.settings.workers > 1 ? ` (all ${report.settings.workers + 1} processes; the largest ${report.rss_mb_largest_process} MB)` : ""}`,
    `Staff import: ${n(report.operations.staff_import.rows)} rows (${n(report.operations.staff_import.updated)} changed) in ${report.operations.staff_import.seconds} s`,
    `Bulk enrolment: ${report.operations.bulk_enrolment.people} people in ${report.operations.bulk_enrolment.seconds} s`,
    `Readiness for the whole workforce: ${n(report.operations.readiness.people)} people in ${report.operations.readiness.seconds} s`,
    "",
    report.misses.length ? `Targets missed:\n${report.misses.map((m) => `  - ${m}`).join("\n")}` : "Every target holds.",
  ];
  return lines.join("\n");
}
