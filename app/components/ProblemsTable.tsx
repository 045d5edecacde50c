import { useTranslation } from "react-i18next";
import type { Problem } from "../utils/problems";
import { Table } from "./Table";


/** Every problem an uploaded file has, by line, so the person can fix them all at once. */
export function ProblemsTable({ problems, withColumn = false }: { problems: Problem[]; withColumn?: boolean }) {
  const { t } = useTranslation();
  return (
    <Table
      caption={t("import.problemsCaption", { total: problems.length })}
      rows={problems.map((p, index) => ({ ...p, index }))}
      rowKey={(p) => p.index}
      columns={[
        { key: "line", header: t("import.line"), cell: (p) => p.line },
        ...(withColumn ? [{ key: "column", header: t("import.column"), cell: (p: Problem) => (p.column ? <code>{p.column}</code> : "") }] : []),
        { key: "problem", header: t("import.problem"), cell: (p) => t(p.key, p.values) },
      ]}
    />
  );
}
