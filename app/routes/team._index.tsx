import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "../components/Button";
import { NotificationBanner } from "../components/NotificationBanner";
import { Pagination } from "../components/Pagination";
import { Table } from "../components/Table";
import { Select } from "../components/Select";
import { PeopleTable } from "../components/PeopleTable";
import { WidgetCard } from "../components/WidgetCard";
import { requestsAwaiting } from "../services/enrolment.server";
import { listPeople, teamsInScope } from "../services/people.server";
import { ROLE_CATEGORIES } from "../utils/staff-fields";
import { readinessFor, readinessSummary } from "../services/readiness.server";
import { widgetsFor } from "../services/widgets.server";
import { formatDate } from "../utils/dates";
import { authorize } from "../utils/guard.server";
import { fixedT } from "../utils/i18n.server";
import { listOptionsFrom } from "../utils/list-params.server";
import { pageMeta } from "../utils/meta";

export const meta = pageMeta;

export async function loader({ request }: LoaderFunctionArgs) {
  const { viewer, locale, t } = await authorize(request, "team.view");
  const options = listOptionsFrom(new URL(request.url));
  const [list, teams, awaiting] = await Promise.all([listPeople(viewer, options), teamsInScope(viewer), requestsAwaiting(viewer.personId)]);
  const ids = list.rows.map((r) => r.id);
  const [readiness, widgets] = await Promise.all([readinessFor(ids, locale), widgetsFor("team", viewer, ids, locale)]);
  const rows = list.rows.map((r) => {
    const summary = readinessSummary(readiness.get(r.id) ?? []);
    return {
      ...r,
      qualified: r.qualification_date ? formatDate(r.qualification_date, locale) : t("person.notQualified"),
      readiness: summary.total === 0 ? t("team.readinessNone") : t("team.readinessSummary", { met: summary.met, total: summary.total }),
    };
  });
  const requests = awaiting.map((r) => ({
    id: r.id,
    name: `${r.given_name} ${r.family_name}`,
    programme: fixedT(locale, r.programme_id)("title"),
    cohort: r.cohort_name,
    asked: formatDate(r.created_at, locale),
  }));
  const decided = new URL(request.url).searchParams.get("decided");
  return { title: t("team.title"), rows, total: list.total, pageCount: list.pageCount, options, teams, widgets, requests, decided: decided && ["enrolled", "waitlisted", "declined"].includes(decided) ? decided : null };
}

export default function Team() {
  const { t } = useTranslation();
  const { rows, total, pageCount, options, teams, widgets, requests, decided } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      {decided ? (
        <NotificationBanner title={t("requests.savedTitle")} success>
          <p className="govuk-notification-banner__heading">{t(`requests.saved.${decided}`)}</p>
        </NotificationBanner>
      ) : null}
      <h1 className="govuk-heading-l">{t("team.title")}</h1>
      {requests.length > 0 ? (
        <Table
          caption={t("requests.caption")}
          rows={requests}
          rowKey={(r) => r.id}
          columns={[
            { key: "name", header: t("person.name"), cell: (r) => r.name },
            { key: "programme", header: t("requests.programme"), cell: (r) => `${r.programme}: ${r.cohort}` },
            { key: "asked", header: t("requests.asked"), cell: (r) => r.asked },
            {
              key: "decide",
              header: t("requests.action"),
              cell: (r) => (
                <Link className="govuk-link" to={`/team/requests/${r.id}`}>
                  {t("requests.decide")}
                  <span className="govuk-visually-hidden"> {r.name}</span>
                </Link>
              ),
            },
          ]}
        />
      ) : null}
      <p className="govuk-body">{t("team.intro", { total })}</p>
      {widgets.map((w) => (
        <WidgetCard key={w.id} widget={w} />
      ))}
      <Form method="get" className="pathways-filter">
        <Select id="team" label={t("team.filterTeam")} emptyLabel={t("team.allTeams")} options={teams.map((team) => ({ value: team.id, label: team.name }))} defaultValue={options.teamId ?? ""} className="pathways-filter__item" />
        <Select id="role" label={t("team.filterRole")} emptyLabel={t("team.allRoles")} options={ROLE_CATEGORIES.map((role) => ({ value: role, label: t(`roleCategory.${role}`) }))} defaultValue={options.roleCategory ?? ""} className="pathways-filter__item" />
        <input type="hidden" name="sort" value={options.sort} />
        <input type="hidden" name="dir" value={options.direction} />
        <Button variant="secondary">{t("team.applyFilter")}</Button>
      </Form>
      {rows.length === 0 ? (
        <p className="govuk-body">{t("team.empty")}</p>
      ) : (
        <PeopleTable caption={t("team.caption", { page: options.page, pages: pageCount })} rows={rows} sorting={{ sort: options.sort, dir: options.direction, search: location.search }} />
      )}
      <Pagination page={options.page} pageCount={pageCount} search={location.search} />
      <p className="govuk-body">
        <a className="govuk-link" href={`/team/export.csv${location.search}`} download>
          {t("team.export")}
        </a>
      </p>
    </>
  );
}
