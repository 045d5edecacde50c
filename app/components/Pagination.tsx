import { useTranslation } from "react-i18next";
import { listParams } from "../utils/list-links";

/**
 * Previous/next and numbered page links that keep the page's other query parameters. A page with more
 * than one paged list names each (`of`), so a screen reader's list of landmarks tells their pages apart,
 * and gives each its own query parameter (`param`), so each list turns on its own.
 */
export function Pagination({ page, pageCount, search, of, param = "page" }: { page: number; pageCount: number; search: string; of?: string; param?: string }) {
  const { t } = useTranslation();
  if (pageCount <= 1) return null;
  const href = (n: number) => {
    const params = listParams(search);
    params.set(param, String(n));
    return `?${params.toString()}`;
  };
  const shown = [...new Set([1, page - 1, page, page + 1, pageCount])].filter((n) => n >= 1 && n <= pageCount).sort((a, b) => a - b);
  return (
    <nav className="govuk-pagination" aria-label={of ? t("pagination.labelOf", { list: of }) : t("pagination.label")}>
      {page > 1 ? (
        <div className="govuk-pagination__prev">
          <a className="govuk-link govuk-pagination__link" href={href(page - 1)} rel="prev">
            <span className="govuk-pagination__link-title">{t("pagination.previous")}</span>
          </a>
        </div>
      ) : null}
      <ul className="govuk-pagination__list">
        {shown.map((n, index) => (
          <li key={n} className={`govuk-pagination__item${n === page ? " govuk-pagination__item--current" : ""}`}>
            {index > 0 && n - shown[index - 1] > 1 ? <span className="govuk-pagination__item--ellipses" aria-hidden="true">⋯ </span> : null}
            <a className="govuk-link govuk-pagination__link" href={href(n)} aria-label={t("pagination.page", { page: n })} aria-current={n === page ? "page" : undefined}>
              {n}
            </a>
          </li>
        ))}
      </ul>
      {page < pageCount ? (
        <div className="govuk-pagination__next">
          <a className="govuk-link govuk-pagination__link" href={href(page + 1)} rel="next">
            <span className="govuk-pagination__link-title">{t("pagination.next")}</span>
          </a>
        </div>
      ) : null}
    </nav>
  );
}
