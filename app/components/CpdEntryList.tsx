import { useTranslation } from "react-i18next";
import type { CpdEntrySummaryData } from "../services/cpd-view.server";
import { Table, type Column } from "./Table";

/**
 * A year's CPD entries. With `editable`, the person's own entries link to where they are changed, and
 * entries a programme wrote link to where the person adds their reflection, which makes them count.
 */
export function CpdEntryList({ entries, caption, editable = false }: { entries: CpdEntrySummaryData[]; caption: string; editable?: boolean }) {
  const { t } = useTranslation();
  if (entries.length === 0) return <p className="govuk-body">{t("cpd.noEntries")}</p>;
  const columns: Column<CpdEntrySummaryData>[] = [
    { key: "title", header: t("cpd.columns.title"), cell: (e) => e.title },
    { key: "date", header: t("cpd.columns.date"), cell: (e) => e.date },
    { key: "hours", header: t("cpd.columns.hours"), numeric: true, cell: (e) => e.hours },
    { key: "source", header: t("cpd.columns.source"), cell: (e) => (e.own ? e.source : t("cpd.writtenBy", { programme: e.source })) },
    { key: "peer", header: t("cpd.columns.peer"), cell: (e) => (e.peerReflection ? t("cpd.yes") : t("cpd.no")) },
  ];
  if (editable) {
    columns.push({
      key: "change",
      header: <span className="govuk-visually-hidden">{t("cpd.columns.actions")}</span>,
      cell: (e) => (
        <a className="govuk-link" href={`/me/cpd/entries/${e.id}`}>
          {t(e.own ? "cpd.change" : e.reflected ? "cpd.changeReflection" : "cpd.addReflection")}
          <span className="govuk-visually-hidden"> {e.title}</span>
        </a>
      ),
    });
  }
  return <Table caption={caption} columns={columns} rows={entries} rowKey={(e) => e.id} />;
}
