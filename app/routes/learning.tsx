import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { CATALOGUE_LIMIT, searchCatalogue } from "../services/catalogue.server";
import { authorize } from "../utils/guard.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

/** Longer searches are cut here: a title search needs no more, and nothing typed can make the query costly. */
const MAX_SEARCH = 100;

/** The core's catalogue: courses from every enabled programme that offers them, searched by title. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { locale, t } = await authorize(request, "programmes.view");
  const search = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, MAX_SEARCH);
  const items = await searchCatalogue(locale, { search, limit: CATALOGUE_LIMIT + 1 });
  return { title: t("learning.title"), search, items: items.slice(0, CATALOGUE_LIMIT), more: items.length > CATALOGUE_LIMIT };
}

export default function Learning() {
  const { t } = useTranslation();
  const { search, items, more } = useLoaderData<typeof loader>();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{t("learning.title")}</h1>
        <p className="govuk-body">{t("learning.intro")}</p>
        <Form method="get" role="search" className="pathways-filter">
          <div className="govuk-form-group pathways-filter__item">
            <label className="govuk-label" htmlFor="q">{t("learning.search")}</label>
            <input className="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search" defaultValue={search} maxLength={MAX_SEARCH} />
          </div>
          <Button variant="secondary">{t("learning.searchButton")}</Button>
        </Form>
        <p className="govuk-body" role="status">{search ? t("learning.found", { count: items.length, search }) : t("learning.all", { count: items.length })}</p>
        {items.length === 0 ? (
          <p className="govuk-body">{t("learning.none")}</p>
        ) : (
          <ul className="govuk-list">
            {items.map((item) => (
              <li key={`${item.source}:${item.id}`} className="govuk-!-margin-bottom-5">
                <h2 className="govuk-heading-s govuk-!-margin-bottom-1">
                  <Link className="govuk-link" to={item.href}>{item.title}</Link>
                </h2>
                <p className="govuk-body-s govuk-!-margin-bottom-1">{[item.kind, item.sourceTitle].filter(Boolean).join(" · ")}</p>
                {item.summary ? <p className="govuk-body">{item.summary}</p> : null}
              </li>
            ))}
          </ul>
        )}
        {more ? <p className="govuk-body">{t("learning.more", { count: items.length })}</p> : null}
      </div>
    </div>
  );
}
