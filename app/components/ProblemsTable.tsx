// A refused upload's problems, as import-problems.server.ts reports them: every problem when there are
// few; when there are many, every kind with the lines it is on, then the first problems by line in full.
import { useTranslation } from "react-i18next";
import type { ProblemKind, ProblemsReport } from "../utils/import-problems.server";
import { formatNumber } from "../utils/number-format";
import type { Problem } from "../utils/problems";
import { Table } from "./Table";

type CutShort = NonNullable<ProblemsReport["cutShort"]>;

/** How many problems a refused file has in all, for the error summary. */
export const problemsTotal = (report: ProblemsReport) => report.cutShort?.total ?? report.problems.length;

/** Every bad line of an uploaded file with its line number, so the person can fix them all at once. */
export function ProblemsTable({ report, withColumn = false }: { report: ProblemsReport; withColumn?: boolean }) {
  const { t, i18n } = useTranslation();
  const count = (n: number) => formatNumber(n, i18n.language);
  const { cutShort } = report;
  return (
    <>
      {cutShort ? <ProblemKinds cutShort={cutShort} shown={report.problems.length} withColumn={withColumn} count={count} /> : null}
      <Table
        caption={cutShort ? t("import.problemsShownCaption", { shown: count(report.problems.length), total: count(cutShort.total) }) : t("import.problemsCaption", { total: report.problems.length })}
        rows={report.problems.map((p, index) => ({ ...p, index }))}
        rowKey={(p) => p.index}
        columns={[
          { key: "line", header: t("import.line"), cell: (p) => p.line },
          ...(withColumn ? [{ key: "column", header: t("import.column"), cell: (p: Problem) => (p.column ? <code>{p.column}</code> : "") }] : []),
          { key: "problem", header: t("import.problem"), cell: (p) => t(p.key, p.values) },
        ]}
      />
    </>
  );
}

/** Every problem counted by column and kind, with the lines it is on: for a file refused on many lines. */
function ProblemKinds({ cutShort, shown, withColumn, count }: { cutShort: CutShort; shown: number; withColumn: boolean; count: (n: number) => string }) {
  const { t } = useTranslation();
  // A kind whose words name a value or another line is shown as on its first line, and said to be that.
  const wording = (k: ProblemKind) => (k.sameWording ? t(k.key, k.values) : t("import.kinds.example", { line: k.firstLine, problem: t(k.key, k.values) }));
  return (
    <>
      <p className="govuk-body">{t("import.kinds.intro", { total: count(cutShort.total), shown: count(shown) })}</p>
      <Table
        caption={t("import.kinds.caption")}
        rows={cutShort.kinds}
        rowKey={(k) => JSON.stringify([k.column ?? null, k.key])}
        columns={[
          ...(withColumn ? [{ key: "column", header: t("import.column"), cell: (k: ProblemKind) => (k.column ? <code>{k.column}</code> : t("import.kinds.wholeLine")) }] : []),
          { key: "problem", header: t("import.problem"), cell: wording },
          { key: "count", header: t("import.kinds.count"), numeric: true, cell: (k) => count(k.lines) },
          { key: "lines", header: t("import.kinds.lineNumbers"), cell: (k) => k.lineNumbers },
        ]}
      />
      {cutShort.otherKinds ? <p className="govuk-body">{t("import.kinds.others", { others: count(cutShort.otherKinds.kinds), lines: cutShort.otherKinds.lineNumbers })}</p> : null}
    </>
  );
}
