import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { sortableHeaders } from "./PeopleTable";
import { READINESS_COLOUR, type ReadinessRow } from "./ReadinessList";
import { Table, type Column } from "./Table";
import { Tag } from "./Tag";

export interface TeamReadinessRow {
  id: number;
  name: string;
  family_name: string;
  job_title: string;
  role_category: string;
  team_name: string;
  yearsQualified: number | null;
  /** The career stage and how close to the next, e.g. "Social worker — 3 of 4 for Senior practitioner". */
  stage: string;
  score: number | null;
  cells: Record<string, Pick<ReadinessRow, "status" | "reason"> | undefined>;
}

interface Props {
  caption: string;
  rows: TeamReadinessRow[];
  requirements: { id: string; label: string }[];
  sorting: { sort: string; dir: "asc" | "desc"; search: string };
}

/** One row a person: who they are, their readiness score, and each requirement's status and reason. */
export function TeamReadinessTable({ caption, rows, requirements, sorting }: Props) {
  const { t } = useTranslation();
  const { header, ariaSort } = sortableHeaders(sorting);
  // Translated once, not in each of a page's hundreds of cells (the benchmark's profile of /team).
  const statusLabel = Object.fromEntries(Object.keys(READINESS_COLOUR).map((status) => [status, t(`readiness.status.${status}`)])) as Record<keyof typeof READINESS_COLOUR, string>;
  const columns: Column<TeamReadinessRow>[] = [
    { key: "name", header: header(t("person.name"), "name"), sort: ariaSort("name"), cell: (r) => <Link className="govuk-link" to={`/team/${r.id}`}>{r.name}</Link> },
    { key: "role", header: header(t("person.role"), "role"), sort: ariaSort("role"), cell: (r) => <>{r.job_title}<br /><span className="govuk-body-s">{r.team_name}</span></> },
    { key: "stage", header: t("team.stage"), cell: (r) => r.stage },
    { key: "qualified", header: header(t("team.yearsQualified"), "qualified"), sort: ariaSort("qualified"), numeric: true, cell: (r) => (r.yearsQualified === null ? t("person.notQualified") : r.yearsQualified) },
    { key: "score", header: header(t("team.score"), "score"), sort: ariaSort("score"), numeric: true, cell: (r) => (r.score === null ? t("team.readinessNone") : `${r.score}%`) },
    ...requirements.map((req) => ({
      key: req.id,
      header: req.label,
      cell: (r: TeamReadinessRow) => {
        const cell = r.cells[req.id];
        if (!cell) return <span className="govuk-body-s">{statusLabel.not_applicable}</span>;
        return (
          <>
            <Tag colour={READINESS_COLOUR[cell.status]}>{statusLabel[cell.status]}</Tag>
            <br />
            <span className="govuk-body-s">{cell.reason}</span>
          </>
        );
      },
    })),
  ];
  return (
    <div className="pathways-table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <Table caption={caption} columns={columns} rows={rows} rowKey={(r) => r.id} />
    </div>
  );
}
