import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listParams } from "../utils/list-links";
import { Table, type Column } from "./Table";

export interface PersonRow {
  id: number;
  given_name: string;
  family_name: string;
  job_title: string;
  role_category: string;
  team_name: string;
  qualified: string;
  readiness?: string;
}

interface Props {
  caption: string;
  rows: PersonRow[];
  /** The current sort, to make headers into sort links; omit for an unsortable table. */
  sorting?: { sort: string; dir: "asc" | "desc"; search: string };
}

export function SortLink({ label, column, sorting }: { label: string; column: string; sorting: NonNullable<Props["sorting"]> }) {
  const { t } = useTranslation();
  const params = listParams(sorting.search);
  const active = sorting.sort === column;
  params.set("sort", column);
  params.set("dir", active && sorting.dir === "asc" ? "desc" : "asc");
  params.delete("page");
  return (
    <a className="govuk-link" href={`?${params.toString()}`}>
      {label}
      <span className="govuk-visually-hidden"> {t("table.sortBy")}</span>
    </a>
  );
}

/** Header cells that link to sorting by their column, and the aria-sort each column carries. */
export function sortableHeaders(sorting: Props["sorting"]) {
  const header = (label: string, column: string) => (sorting ? <SortLink label={label} column={column} sorting={sorting} /> : label);
  const ariaSort = (column: string) =>
    sorting ? (sorting.sort === column ? (sorting.dir === "asc" ? "ascending" : "descending") : "none") as "ascending" | "descending" | "none" : undefined;
  return { header, ariaSort };
}

export function PeopleTable({ caption, rows, sorting }: Props) {
  const { t } = useTranslation();
  const { header, ariaSort } = sortableHeaders(sorting);
  const columns: Column<PersonRow>[] = [
    { key: "name", header: header(t("person.name"), "name"), sort: ariaSort("name"), cell: (r) => <Link className="govuk-link" to={`/team/${r.id}`}>{`${r.family_name}, ${r.given_name}`}</Link> },
    { key: "role", header: header(t("person.role"), "role"), sort: ariaSort("role"), cell: (r) => <>{r.job_title}<br /><span className="govuk-body-s">{t(`roleCategory.${r.role_category}`)}</span></> },
    { key: "team", header: header(t("person.team"), "team"), sort: ariaSort("team"), cell: (r) => r.team_name },
    { key: "qualified", header: header(t("person.qualified"), "qualified"), sort: ariaSort("qualified"), cell: (r) => r.qualified },
  ];
  if (rows.some((r) => r.readiness !== undefined)) columns.push({ key: "readiness", header: t("team.readiness"), cell: (r) => r.readiness ?? "" });
  return <Table caption={caption} columns={columns} rows={rows} rowKey={(r) => r.id} />;
}
