import type { ReactNode } from "react";

export interface Column<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
  /** aria-sort value when the table is sorted by this column. */
  sort?: "ascending" | "descending" | "none";
}

export function Table<Row>({ caption, columns, rows, rowKey }: { caption: ReactNode; columns: Column<Row>[]; rows: Row[]; rowKey: (row: Row) => string | number }) {
  return (
    <table className="govuk-table">
      <caption className="govuk-table__caption govuk-table__caption--m">{caption}</caption>
      <thead className="govuk-table__head">
        <tr className="govuk-table__row">
          {columns.map((c) => (
            <th key={c.key} scope="col" aria-sort={c.sort} className={`govuk-table__header${c.numeric ? " govuk-table__header--numeric" : ""}`}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="govuk-table__body">
        {rows.map((row) => (
          <tr key={rowKey(row)} className="govuk-table__row">
            {columns.map((c, index) =>
              index === 0 ? (
                <th key={c.key} scope="row" className="govuk-table__header">
                  {c.cell(row)}
                </th>
              ) : (
                <td key={c.key} className={`govuk-table__cell${c.numeric ? " govuk-table__cell--numeric" : ""}`}>
                  {c.cell(row)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
