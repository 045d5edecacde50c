import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { Pagination } from "../components/Pagination";
import { PeopleTable } from "../components/PeopleTable";
import { listPeople } from "../services/people.server";
import { formatDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { listOptionsFrom } from "../utils/list-params.server";
import { pageMeta } from "../utils/meta";
import { can, peopleScope } from "../utils/permissions.server";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "people.list");
  const options = listOptionsFrom(new URL(request.url));
  const list = await listPeople(peopleScope(viewer), options);
  const rows = list.rows.map((r) => ({ ...r, qualified: r.qualification_date ? formatDate(r.qualification_date, locale) : t("person.notQualified") }));
  // The page shown, which is the last when the one asked for is past it.
  return { title: t("people.title"), rows, total: list.total, page: list.page, pageCount: list.pageCount, options, canImport: can(viewer, "people.import") };
}

export default function People() {
  const { t } = useTranslation();
  const { rows, total, page, pageCount, options, canImport } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="govuk-heading-l">{t("people.title")}</h1>
      {canImport ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/admin/people/import">{t("admin.links.import")}</Link>
        </p>
      ) : null}
      <Form method="get" role="search" className="pathways-filter">
        <div className="govuk-form-group pathways-filter__item">
          <label className="govuk-label" htmlFor="q">{t("people.search")}</label>
          <div id="q-hint" className="govuk-hint">{t("people.searchHint")}</div>
          <input className="govuk-input govuk-!-width-two-thirds" id="q" name="q" type="search" defaultValue={options.search ?? ""} aria-describedby="q-hint" />
        </div>
        <Button variant="secondary">{t("people.searchButton")}</Button>
      </Form>
      <p className="govuk-body" role="status">{t("people.count", { total })}</p>
      {rows.length > 0 ? (
        <PeopleTable caption={t("people.caption", { page, pages: pageCount })} rows={rows} sorting={{ sort: options.sort, dir: options.direction, search: location.search }} />
      ) : null}
      <Pagination page={page} pageCount={pageCount} search={location.search} />
    </>
  );
}
